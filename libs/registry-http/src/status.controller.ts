import { Body, Controller, Param, Patch, Put, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ChangeServerStatusCommand, EditServerVersionCommand, WriteOutcome } from '@registry/application';
import { RegistryClaims, RegistryClaimsParam, RegistryTokenGuard } from '@registry/auth';
import type { FastifyReply } from 'fastify';
import { asProblem } from './registry-problem';
import { authorityOf, sendWrite } from './authority';
import { StatusChangeRequest } from './status-request.dto';

/** Status changes (publish permission) and the admin edit (edit permission); all append events. */
@Controller(['v0', 'v0.1'])
@UseGuards(RegistryTokenGuard)
export class StatusController {
  constructor(private readonly commands: CommandBus) {}

  @Patch('servers/:serverName/versions/:version/status')
  async versionStatus(
    @Param('serverName') name: string,
    @Param('version') version: string,
    @Body() body: StatusChangeRequest,
    @RegistryClaimsParam() claims: RegistryClaims,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendWrite(reply, await this.changeStatus(name, version, body, claims));
  }

  @Patch('servers/:serverName/status')
  async serverStatus(
    @Param('serverName') name: string,
    @Body() body: StatusChangeRequest,
    @RegistryClaimsParam() claims: RegistryClaims,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendWrite(reply, await this.changeStatus(name, undefined, body, claims));
  }

  @Put('servers/:serverName/versions/:version')
  async edit(
    @Param('serverName') name: string,
    @Param('version') version: string,
    @Body() body: unknown,
    @RegistryClaimsParam() claims: RegistryClaims,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const outcome = await asProblem(() =>
      this.commands.execute<EditServerVersionCommand, WriteOutcome>(
        new EditServerVersionCommand(name, version, body, authorityOf(claims)),
      ),
    );
    sendWrite(reply, outcome);
  }

  private changeStatus(
    name: string,
    version: string | undefined,
    body: StatusChangeRequest,
    claims: RegistryClaims,
  ): Promise<WriteOutcome> {
    return asProblem(() =>
      this.commands.execute<ChangeServerStatusCommand, WriteOutcome>(
        new ChangeServerStatusCommand(name, version, body.status, body.statusMessage, authorityOf(claims)),
      ),
    );
  }
}
