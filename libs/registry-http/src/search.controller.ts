import { Controller, Get, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { READ_MODEL, ReadModel, ServerPage } from '@registry/application/ports';
import type { FastifyReply } from 'fastify';
import { EXTENSION_PREFIXES, ExtensionNamespaceGuard } from './extension-path';
import { parseSearchQuery, searchPageBody } from './search-query';

/**
 * Full-text search, `GET /v0.1/x/<ns>/search?q=` (and /v0): servers ranked by how well their name,
 * title, description, package identifiers and remote hosts match, latest versions by default,
 * answered with the list endpoint's items and paging. The official `search` parameter of
 * `GET /servers` keeps its meaning (a substring of the name).
 */
@Controller(EXTENSION_PREFIXES)
@UseGuards(ExtensionNamespaceGuard)
export class SearchController {
  /** The read model hands back the same page object until something changes: keep its body with it. */
  private readonly bodies = new WeakMap<ServerPage, string>();

  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @Get('search')
  async search(@Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    const page = await this.readModel.searchServers(parseSearchQuery(query));
    let body = this.bodies.get(page);
    if (body === undefined) {
      body = searchPageBody(page.items, page.nextCursor);
      this.bodies.set(page, body);
    }
    void reply.header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
