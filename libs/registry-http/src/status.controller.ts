import { Controller, Param, Patch, Put, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ChangeServerStatusCommand, EditServerVersionCommand, WriteOutcome } from '@registry/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendWrite } from './authority';
import { asProblem } from './registry-problem';
import { parseStatusChange } from './status-request';
import { WriteRequest } from './write-request';

/** Status changes (publish or edit permission) and the admin edit (edit permission); all append events. */
@Controller(['v0', 'v0.1'])
export class StatusController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writes: WriteRequest,
  ) {}

  @Patch('servers/:serverName/versions/:version/status')
  async versionStatus(
    @Param('serverName') name: string,
    @Param('version') version: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendWrite(reply, await this.changeStatus(request, name, version));
  }

  @Patch('servers/:serverName/status')
  async serverStatus(
    @Param('serverName') name: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendWrite(reply, await this.changeStatus(request, name, undefined));
  }

  @Put('servers/:serverName/versions/:version')
  async edit(
    @Param('serverName') name: string,
    @Param('version') version: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const authority = await this.writes.authenticate(request, this.writes.serverJsonErrors(request.body));
    const outcome = await asProblem(() =>
      this.commands.execute<EditServerVersionCommand, WriteOutcome>(
        new EditServerVersionCommand(name, version, request.body, authority),
      ),
    );
    sendWrite(reply, outcome);
  }

  private async changeStatus(
    request: FastifyRequest,
    name: string,
    version: string | undefined,
  ): Promise<WriteOutcome> {
    const parsed = request.body === undefined ? [] : parseStatusChange(request.body);
    const authority = await this.writes.authenticate(request, Array.isArray(parsed) ? parsed : []);
    if (Array.isArray(parsed)) throw new Error('unreachable: body errors are reported by authenticate');
    return asProblem(() =>
      this.commands.execute<ChangeServerStatusCommand, WriteOutcome>(
        new ChangeServerStatusCommand(name, version, parsed.status, parsed.statusMessage, authority),
      ),
    );
  }
}
