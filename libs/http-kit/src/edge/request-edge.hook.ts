import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { problemDetails } from '../problem/problem-details';
import { sendProblem } from '../problem/problem-details.filter';
import {
  CORS_EXPOSED_HEADERS,
  nulByteDetail,
  preflightHeaders,
  redirectBody,
  trailingSlashLocation,
} from './request-edge';

/**
 * One Fastify onRequest hook for the whole edge: CORS, then NUL bytes, then trailing slashes.
 *
 * The official server runs NUL, trailing slash, then CORS, so its 400 and 308 carry no CORS headers and
 * a preflight to a slashed URL gets a 308 browsers refuse. Running CORS first gives every answer its
 * CORS headers; statuses and bodies stay the official ones.
 */
export function requestEdgeHook(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const headers = request.headers;
  const origin = headers.origin;
  const askedMethod = headers['access-control-request-method'];
  if (askedMethod !== undefined && request.method === 'OPTIONS') {
    const asked = headers['access-control-request-headers'];
    void reply
      .headers(
        preflightHeaders(origin, firstOf(askedMethod), asked === undefined ? undefined : firstOf(asked)),
      )
      .code(204)
      .send();
    return;
  }
  reply.header('vary', 'Origin');
  if (origin !== undefined) {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', CORS_EXPOSED_HEADERS);
  }

  const url = request.raw.url ?? '/';
  const nul = nulByteDetail(url);
  if (nul !== undefined) {
    sendProblem(reply, problemDetails({ status: 400, detail: nul }));
    return;
  }
  const location = trailingSlashLocation(url);
  if (location !== undefined) {
    reply.code(308).header('location', location);
    if (request.method === 'GET' || request.method === 'HEAD') {
      reply.header('content-type', 'text/html; charset=utf-8');
    }
    void reply.send(request.method === 'GET' ? redirectBody(location) : undefined);
    return;
  }
  done();
}

function firstOf(value: string | string[]): string {
  return Array.isArray(value) ? value.join(', ') : value;
}
