import { Logger } from '@nestjs/common';
import { ReadModel, ServerPage } from '@registry/application/ports';
import { ProblemException, mapToProblem, sendProblem } from '@registry/http-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MovedTo, formerNameRedirect } from './former-name';
import { LIST_MESSAGES } from './list-messages';
import { RawListQuery, parseIncludeDeleted, parseListQuery } from './list-query';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * A plain Fastify handler around `handle`: its result goes out through `send`, and any error as the
 * same problem+json every Nest route answers (a server fault is logged).
 */
export function plainRoute<T>(logger: Logger, send: (reply: FastifyReply, result: T) => void) {
  return (handle: (request: FastifyRequest) => Promise<T>) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      try {
        send(reply, await handle(request));
      } catch (error) {
        const { problem, serverFault } = mapToProblem(error, request);
        if (serverFault !== undefined)
          logger.error(`${request.method} ${request.url}: ${String(serverFault)}`);
        sendProblem(reply, problem);
      }
    };
}

/**
 * The two hottest read routes, `GET /servers` and `GET /servers/{name}/versions/{version}` (both
 * prefixes), as plain Fastify routes: they answer pre-serialised documents from the read model, and
 * going through Nest's router, pipes and interceptors cost more than the rest of the request. They
 * still pass the shared edge (CORS, NUL bytes, trailing slash) and metrics hooks, and answer errors
 * with the same problem+json as every other route. Register after configureHttpApp, before listen.
 */
export function registerReadRoutes(fastify: FastifyInstance, readModel: ReadModel): void {
  const guarded = plainRoute(new Logger('ReadRoutes'), (reply, body: string | MovedTo) => {
    if (typeof body === 'string') void reply.header('content-type', JSON_TYPE).send(body);
    else void reply.status(308).header('location', body.location).send();
  });
  // The read model hands back the same page object until something changes: keep its body with it.
  const bodies = new WeakMap<ServerPage, string>();

  const list = guarded(async (request) => {
    const page = await readModel.listServers(parseListQuery(request.query as RawListQuery));
    let body = bodies.get(page);
    if (body === undefined) {
      const metadata =
        page.nextCursor !== undefined
          ? `{"nextCursor":${JSON.stringify(page.nextCursor)},"count":${page.items.length}}`
          : `{"count":${page.items.length}}`;
      body = `{"servers":[${page.items.join(',')}],"metadata":${metadata}}`;
      bodies.set(page, body);
    }
    return body;
  });

  const version = guarded(async (request) => {
    const { serverName, version: v } = request.params as { serverName: string; version: string };
    const includeDeleted = parseIncludeDeleted(
      (request.query as { include_deleted?: string }).include_deleted,
    );
    const doc = await readModel.getVersion(serverName, v, includeDeleted);
    if (doc !== undefined) return doc;
    // A renamed server's former name (only asked on a miss, so found reads pay nothing for it).
    const moved = await formerNameRedirect(readModel, serverName, request.url);
    if (moved !== undefined) return moved;
    throw new ProblemException({ status: 404, detail: LIST_MESSAGES.serverNotFound });
  });

  for (const prefix of ['/v0', '/v0.1']) {
    fastify.get(`${prefix}/servers`, list);
    fastify.get(`${prefix}/servers/:serverName/versions/:version`, version);
  }
}
