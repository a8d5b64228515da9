import { readFileSync } from 'node:fs';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { announce, stopWhenParentLets } from './ready-signal';

/** What the parent hands the baseline: each request URL and the exact body the registry answered. */
export interface PrecomputedPages {
  pages: Array<{ url: string; body: string }>;
}

/**
 * The read baseline: a bare Fastify server with the registry's two read routes, answering each URL
 * with the body the registry returned for it, precomputed. No framework, no store, no assembly: the
 * cost of HTTP plus sending the bytes, which is the ceiling for the registry's read path.
 */
async function main(): Promise<void> {
  const file = process.env.BENCH_PAGES_FILE;
  if (file === undefined) throw new Error('BENCH_PAGES_FILE is not set');
  const { pages } = JSON.parse(readFileSync(file, 'utf8')) as PrecomputedPages;
  const bodies = new Map(pages.map((p) => [p.url, p.body]));
  const app = Fastify({ logger: false });
  const answer = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const body = bodies.get(request.url);
    if (body === undefined) return reply.code(404).send('{"detail":"not precomputed"}');
    return reply.header('content-type', 'application/json; charset=utf-8').send(body);
  };
  app.get('/v0/servers', answer);
  app.get('/v0/servers/:serverName/versions/:version', answer);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  stopWhenParentLets(() => app.close());
  announce({ port: typeof address === 'object' && address !== null ? address.port : 0 });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `baseline failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
