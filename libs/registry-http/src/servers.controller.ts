import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { READ_MODEL, ReadModel } from '@registry/application/ports';
import { ProblemException } from '@registry/http-kit';
import type { FastifyReply } from 'fastify';
import { LIST_MESSAGES } from './list-messages';
import { RawListQuery, parseIncludeDeleted, parseListQuery } from './list-query';

function sendJson(reply: FastifyReply, body: string): void {
  void reply.header('content-type', 'application/json; charset=utf-8').send(body);
}

function notFound(): ProblemException {
  return new ProblemException({ status: 404, detail: LIST_MESSAGES.serverNotFound });
}

/**
 * The read API, identical on /v0 and /v0.1. Every document comes pre-serialised from the read
 * model; a page is assembled by concatenation, never by serialising objects per request.
 */
@Controller(['v0', 'v0.1'])
export class ServersController {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @Get('servers')
  async list(@Query() raw: RawListQuery, @Res() reply: FastifyReply): Promise<void> {
    const page = await this.readModel.listServers(parseListQuery(raw));
    const metadata =
      page.nextCursor !== undefined
        ? `{"nextCursor":${JSON.stringify(page.nextCursor)},"count":${page.items.length}}`
        : `{"count":${page.items.length}}`;
    sendJson(reply, `{"servers":[${page.items.join(',')}],"metadata":${metadata}}`);
  }

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
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const docs = await this.readModel.listVersions(name, parseIncludeDeleted(includeDeleted));
    if (docs.length === 0) throw notFound();
    sendJson(reply, `{"servers":[${docs.join(',')}],"metadata":{"count":${docs.length}}}`);
  }

  @Get('servers/:serverName/versions/:version')
  async version(
    @Param('serverName') name: string,
    @Param('version') version: string,
    @Query('include_deleted') includeDeleted: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const doc = await this.readModel.getVersion(name, version, parseIncludeDeleted(includeDeleted));
    if (doc === undefined) throw notFound();
    sendJson(reply, doc);
  }
}
