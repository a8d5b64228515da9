import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { isProbeRoute } from '../http-app/probe-routes';
import { requestCallerOf } from './request-caller';
import { RequestLine, RequestLineSink } from './request-line';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What `genReqId` is handed, typed by its headers alone so HTTP/1 and HTTP/2 requests both fit. */
export interface RawRequestHeaders {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What an incoming request id may look like to be kept: a UUID, a ULID, a trace id; nothing to inject. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/**
 * Fastify's `genReqId`: the caller's `X-Request-Id` when it is a sane token (so a proxy's id follows the
 * request through), else a fresh UUID.
 */
export function requestIdOf(raw: RawRequestHeaders): string {
  const incoming = raw.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Answers every request's id in `X-Request-Id`. Install it first, so every answer has it: a redirect,
 * a 429, a preflight too.
 */
export function answerRequestIds(fastify: FastifyInstance): void {
  fastify.addHook(
    'onRequest',
    (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      done();
    },
  );
}

/**
 * One line per request when it ends: id, method, route pattern (names and ids in the path are data,
 * never logged), status, milliseconds, and for writes the token's login method and subject.
 */
export function logRequests(fastify: FastifyInstance, log: RequestLineSink): void {
  fastify.addHook(
    'onResponse',
    (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const route = request.routeOptions.url;
      const level = route !== undefined && isProbeRoute(route) ? 'debug' : 'info';
      if (log.enabled(level)) {
        const caller = requestCallerOf(request);
        const line: RequestLine = {
          reqId: request.id,
          method: request.method,
          route: route ?? null,
          status: reply.statusCode,
          responseTime: Math.round(reply.elapsedTime * 100) / 100,
        };
        if (caller !== undefined) {
          line.authMethod = caller.method;
          line.sub = caller.subject;
        }
        log.write(level, line);
      }
      done();
    },
  );
}
