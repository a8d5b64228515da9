import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BROWSE_ASSETS } from './browse-assets';
import {
  parseBrowseQuery,
  serverHref,
  serverListApiPath,
  versionApiPath,
  versionsApiPath,
} from './browse-query';
import { renderDetailPage, renderProblemPage } from './detail-page';
import { renderListPage } from './list-page';
import { ApiAnswer, PublicRegistryApi } from './public-api';
import { isObject, serverDocument, serverListPage, text } from './server-document';

export interface BrowseUiOptions {
  /** MCP_REGISTRY_META_NAMESPACE: where the registry's own `_meta` (provenance) lives. */
  metaNamespace: string;
}

/** Same-origin files only: no inline script or style, no framing, forms post back here. */
export const BROWSE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': BROWSE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/** A page's validator: pages are re-validated on each visit and answer 304 while they are unchanged. */
function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function sendPage(request: FastifyRequest, reply: FastifyReply, status: number, body: string): void {
  const etag = etagOf(body);
  void reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache').header('etag', etag);
  if (status === 200 && matches(request.headers['if-none-match'], etag)) {
    void reply.code(304).send();
    return;
  }
  void reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body);
}

function problemDetail(answer: ApiAnswer): string | undefined {
  return isObject(answer.body) ? text(answer.body.detail) : undefined;
}

/** The server name in `/servers/<name>`: one encoded segment, or a name typed with its slash. */
function serverNameOf(url: string): string | undefined {
  const path = url.split('?')[0]!.slice('/servers/'.length);
  try {
    const name = decodeURIComponent(path);
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

/** The name a rename's redirect (`.../servers/<new name>/versions`) points at. */
function renamedTo(location: string | undefined): string | undefined {
  const match = location === undefined ? null : /\/servers\/([^/?]+)\/versions/.exec(location);
  if (match === null) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/**
 * The browse UI: `/` (search and list) and `/servers/{name}` (one server), server-rendered from the
 * public API's answers, plus the hashed stylesheet and script. Register before the app is ready.
 */
export function registerBrowseUi(fastify: FastifyInstance, options: BrowseUiOptions): void {
  const api = new PublicRegistryApi(fastify);
  const logger = new Logger('BrowseUi');

  for (const asset of Object.values(BROWSE_ASSETS)) {
    fastify.get(asset.path, (_request, reply) => {
      void reply
        .headers(SECURITY_HEADERS)
        .header('content-type', asset.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(asset.body);
    });
  }

  const guarded =
    (handle: (request: FastifyRequest, reply: FastifyReply) => Promise<void>) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      try {
        await handle(request, reply);
      } catch (error) {
        logger.error(`${request.method} ${request.url}: ${String(error)}`);
        sendPage(
          request,
          reply,
          500,
          renderProblemPage('Something went wrong', 'This page could not be built.'),
        );
      }
    };
  // The API's refusals the visitor can act on keep their status; anything else is the API failing.
  const unavailable = (request: FastifyRequest, reply: FastifyReply, answer: ApiAnswer): void => {
    if (answer.status === 429) {
      if (answer.retryAfter !== undefined) void reply.header('retry-after', answer.retryAfter);
      const wait = answer.retryAfter !== undefined ? ` Try again in ${answer.retryAfter} s.` : '';
      sendPage(request, reply, 429, renderProblemPage('Too many requests', `Slow down a little.${wait}`));
      return;
    }
    logger.warn(`${request.url}: the public API answered ${answer.status}`);
    sendPage(request, reply, 502, renderProblemPage('The registry did not answer', 'Try again in a moment.'));
  };

  fastify.get(
    '/',
    guarded(async (request, reply) => {
      const query = parseBrowseQuery(request.query);
      const answer = await api.get(serverListApiPath(query, options.metaNamespace), request);
      if (answer.status === 200) {
        sendPage(
          request,
          reply,
          200,
          renderListPage(query, serverListPage(answer.body), options.metaNamespace),
        );
      } else if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
        const detail = problemDetail(answer) ?? 'The registry refused this query.';
        sendPage(request, reply, 400, renderProblemPage('This page cannot be shown', detail));
      } else {
        unavailable(request, reply, answer);
      }
    }),
  );

  fastify.get(
    '/servers/*',
    guarded(async (request, reply) => {
      const name = serverNameOf(request.url);
      const asked = parseVersion(request.query);
      if (name === undefined) {
        sendPage(request, reply, 404, renderProblemPage('Server not found', 'This is not a server name.'));
        return;
      }
      const listed = await api.get(versionsApiPath(name), request);
      const moved = listed.status === 308 ? renamedTo(listed.location) : undefined;
      if (moved !== undefined) {
        void reply.code(308).header('location', serverHref(moved, asked)).send();
        return;
      }
      if (listed.status === 404) {
        const detail = `No server is named ${name}.`;
        sendPage(request, reply, 404, renderProblemPage('Server not found', detail));
        return;
      }
      if (listed.status !== 200) return unavailable(request, reply, listed);
      const chosen = await api.get(versionApiPath(name, asked ?? 'latest'), request);
      const doc = chosen.status === 200 ? serverDocument(chosen.body) : undefined;
      if (doc === undefined) {
        if (chosen.status !== 404 && chosen.status !== 200) return unavailable(request, reply, chosen);
        const detail = `${name} has no version ${asked ?? 'marked latest'}.`;
        sendPage(request, reply, 404, renderProblemPage('Version not found', detail));
        return;
      }
      // As the API lists them: newest first.
      const versions = serverListPage(listed.body).servers;
      sendPage(
        request,
        reply,
        200,
        renderDetailPage({ doc, versions, metaNamespace: options.metaNamespace }),
      );
    }),
  );
}

function parseVersion(query: unknown): string | undefined {
  if (!isObject(query)) return undefined;
  const raw = Array.isArray(query.version) ? (query.version as unknown[])[0] : query.version;
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}
