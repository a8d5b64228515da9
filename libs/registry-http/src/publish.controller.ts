import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { PublishServerVersionCommand, WriteOutcome, requestShapeRefusal } from '@registry/application';
import { resultOf, validateServerJson } from '@registry/domain/validation';
import { ProblemException } from '@registry/http-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendWrite } from './authority';
import { asProblem } from './registry-problem';
import { WriteRequest } from './write-request';

@Controller(['v0', 'v0.1'])
export class PublishController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writes: WriteRequest,
  ) {}

  @Post('publish')
  async publish(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const authority = await this.writes.authenticate(request, this.writes.serverJsonErrors(request.body));
    const outcome = await asProblem(() =>
      this.commands.execute<PublishServerVersionCommand, WriteOutcome>(
        new PublishServerVersionCommand(request.body, authority),
      ),
    );
    sendWrite(reply, outcome);
  }

  /** Validates a server.json without publishing it: `{valid, issues[]}` (after the request-shape check). */
  @Post('validate')
  @HttpCode(200)
  validate(@Body() body: unknown): unknown {
    if (body === undefined || body === null)
      throw new ProblemException({ status: 400, detail: 'request body is required' });
    const refusal = requestShapeRefusal(body);
    if (refusal !== undefined)
      throw new ProblemException({ status: 422, detail: refusal.message, errors: refusal.details });
    return resultOf(validateServerJson(body));
  }
}
