import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { PublishServerVersionCommand, WriteOutcome } from '@registry/application';
import { RegistryClaims, RegistryClaimsParam, RegistryTokenGuard } from '@registry/auth';
import { validateServerJson, resultOf } from '@registry/domain/validation';
import type { FastifyReply } from 'fastify';
import { asProblem } from './registry-problem';
import { authorityOf, sendWrite } from './authority';

@Controller(['v0', 'v0.1'])
export class PublishController {
  constructor(private readonly commands: CommandBus) {}

  @Post('publish')
  @UseGuards(RegistryTokenGuard)
  async publish(
    @Body() body: unknown,
    @RegistryClaimsParam() claims: RegistryClaims,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const outcome = await asProblem(() =>
      this.commands.execute<PublishServerVersionCommand, WriteOutcome>(
        new PublishServerVersionCommand(body, authorityOf(claims)),
      ),
    );
    sendWrite(reply, outcome);
  }

  /** Validates a server.json without publishing it: `{valid, issues[]}`. */
  @Post('validate')
  @HttpCode(200)
  validate(@Body() body: unknown): unknown {
    return resultOf(validateServerJson(body));
  }
}
