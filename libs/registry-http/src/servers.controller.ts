import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { READ_MODEL, ReadModel } from '@registry/application/ports';
import { ProblemException } from '@registry/http-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formerNameRedirect } from './former-name';
import { LIST_MESSAGES } from './list-messages';
import { parseIncludeDeleted } from './list-query';

function sendJson(reply: FastifyReply, body: string): void {
  void reply.header('content-type', 'application/json; charset=utf-8').send(body);
}

function notFound(): ProblemException {
  return new ProblemException({ status: 404, detail: LIST_MESSAGES.serverNotFound });
}

/**
 * The read API, identical on /v0 and /v0.1 (the list and one-version routes are plain Fastify
 * routes: see read-routes.ts). Every document comes pre-serialised from the read model.
 */
@Controller(['v0', 'v0.1'])
export class ServersController {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @Get('servers/by-id/:serverId')
  async byId(
    @Param('serverId') serverId: string,
    @Query('include_deleted') includeDeleted: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const doc = await this.readModel.getByServerId(serverId, parseIncludeDeleted(includeDeleted));
    if (doc === undefined) throw notFound();
    sendJson(reply, doc);
  }

  @Get('servers/:serverName/versions')
  async versions(
    @Param('serverName') name: string,
    @Query('include_deleted') includeDeleted: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const docs = await this.readModel.listVersions(name, parseIncludeDeleted(includeDeleted));
    if (docs.length === 0) {
      const moved = await formerNameRedirect(this.readModel, name, request.url);
      if (moved === undefined) throw notFound();
      void reply.status(308).header('location', moved.location).send();
      return;
    }
    sendJson(reply, `{"servers":[${docs.join(',')}],"metadata":{"count":${docs.length}}}`);
  }
}
