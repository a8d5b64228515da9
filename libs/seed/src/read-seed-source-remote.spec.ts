import assert from 'node:assert/strict';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SeedEntry } from '@registry/application/registry-operations';
import { readSeedSource } from './read-seed-source';
import { SeedSourceError } from './seed-source-error';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';

function response(name: string, version: string) {
  const publishedAt = '2025-10-01T00:00:00Z';
  return {
    server: { name, description: 'd', version },
    _meta: { [OFFICIAL]: { status: 'active', publishedAt, updatedAt: publishedAt, isLatest: true } },
  };
}

/** The three pages a source registry serves, keyed by the cursor that asks for them. */
const PAGES: Record<string, { servers: unknown[]; metadata: Record<string, unknown> }> = {
  '': {
    servers: [response('io.github.a/one', '1.0.0')],
    metadata: { nextCursor: 'io.github.a/one:1.0.0', count: 1 },
  },
  'io.github.a/one:1.0.0': {
    servers: [response('io.github.a/two', '1.0.0'), response('io.github.a/two', '2.0.0')],
    metadata: { nextCursor: 'io.github.a/two:2.0.0', count: 2 },
  },
  'io.github.a/two:2.0.0': { servers: [response('io.github.b/three', '0.1.0')], metadata: { count: 1 } },
};

/** A fake of another registry (an external service), on loopback. */
function fakeRegistry(requests: string[]): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    switch (url.pathname) {
      case '/v0/servers':
      case '/mirror/v0.1/servers': {
        const page = PAGES[url.searchParams.get('cursor') ?? ''];
        return page ? send(200, JSON.stringify(page)) : send(400, '{"detail":"bad cursor"}');
      }
      case '/loop/v0/servers':
        return send(200, JSON.stringify({ servers: [], metadata: { nextCursor: 'same' } }));
      case '/seed.json':
        return send(200, JSON.stringify([{ name: 'io.github.a/x', description: 'd', version: '1.0.0' }]));
      case '/page.json':
        return send(
          200,
          JSON.stringify({ servers: [response('io.github.a/one', '1.0.0')], metadata: { count: 1 } }),
        );
      case '/html':
        return send(200, '<html>not json</html>', 'text/html');
      case '/object.json':
        return send(200, '{"status":"ok"}');
      case '/slow':
        return setTimeout(() => send(200, '[]'), 2_000).unref();
      default:
        return send(404, '{"detail":"not found"}');
    }
  });
}

async function collect(source: AsyncIterable<SeedEntry>): Promise<SeedEntry[]> {
  const out: SeedEntry[] = [];
  for await (const entry of source) out.push(entry);
  return out;
}

const versionsOf = (entries: SeedEntry[]) =>
  entries.map((e) => `${(e.server as { name: string }).name}@${(e.server as { version: string }).version}`);

describe('readSeedSource (remote)', () => {
  const requests: string[] = [];
  let server: Server;
  let base: string;

  before(async () => {
    server = fakeRegistry(requests);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    requests.length = 0;
  });

  it('follows a /v0/servers list through every page with limit=100 and encoded cursors', async () => {
    const totals: number[] = [];
    const entries = await collect(readSeedSource(`${base}/v0/servers`, { onTotal: (n) => totals.push(n) }));
    assert.deepEqual(versionsOf(entries), [
      'io.github.a/one@1.0.0',
      'io.github.a/two@1.0.0',
      'io.github.a/two@2.0.0',
      'io.github.b/three@0.1.0',
    ]);
    assert.deepEqual(requests, [
      '/v0/servers?limit=100',
      '/v0/servers?limit=100&cursor=io.github.a%2Fone%3A1.0.0',
      '/v0/servers?limit=100&cursor=io.github.a%2Ftwo%3A2.0.0',
    ]);
    assert.deepEqual(totals, [], 'a multi-page list has no total');
    assert.equal(entries[0].official?.publishedAt, '2025-10-01T00:00:00Z');
  });

  it('follows a /v0.1/servers list under a path prefix with the caller page limit', async () => {
    const entries = await collect(readSeedSource(`${base}/mirror/v0.1/servers`, { pageLimit: 2 }));
    assert.equal(entries.length, 4);
    assert.equal(requests[0], '/mirror/v0.1/servers?limit=2');
  });

  it('keeps a limit the URL already has', async () => {
    await collect(readSeedSource(`${base}/v0/servers?limit=30`));
    assert.equal(requests[0], '/v0/servers?limit=30');
  });

  it('reads a plain JSON array over HTTP in one request, adding no query', async () => {
    const totals: number[] = [];
    const entries = await collect(readSeedSource(`${base}/seed.json`, { onTotal: (n) => totals.push(n) }));
    assert.deepEqual(entries, [{ server: { name: 'io.github.a/x', description: 'd', version: '1.0.0' } }]);
    assert.deepEqual(requests, ['/seed.json']);
    assert.deepEqual(totals, [1]);
  });

  it('tells a one-page list from its content, at any URL', async () => {
    const totals: number[] = [];
    const entries = await collect(readSeedSource(`${base}/page.json`, { onTotal: (n) => totals.push(n) }));
    assert.deepEqual(versionsOf(entries), ['io.github.a/one@1.0.0']);
    assert.deepEqual(totals, [1]);
  });

  it('streams: the first page is yielded before the second is asked for', async () => {
    const source = readSeedSource(`${base}/v0/servers`);
    await source.next();
    assert.equal(requests.length, 1);
    await source.return(undefined);
  });

  it('uses an injected fetcher', async () => {
    const asked: string[] = [];
    const fetchJson = async (url: string) => {
      asked.push(url);
      return [{ name: 'io.github.z/z', description: 'd', version: '1.0.0' }];
    };
    const entries = await collect(readSeedSource('https://seed.example/v0/servers', { fetchJson }));
    assert.equal(entries.length, 1);
    assert.deepEqual(asked, ['https://seed.example/v0/servers?limit=100']);
    assert.deepEqual(requests, []);
  });

  const failures: Array<{ path: string; problem: string; message: RegExp }> = [
    { path: '/missing.json', problem: 'http-status', message: /: HTTP 404 Not Found \(expected 200\)$/ },
    { path: '/html', problem: 'not-json', message: /: not valid JSON \(/ },
    { path: '/object.json', problem: 'not-a-list', message: /got an object with keys status$/ },
    { path: '/loop/v0/servers', problem: 'cursor-loop', message: /page 2 repeats cursor "same"$/ },
  ];
  for (const f of failures) {
    it(`fails with one line for ${f.path} (${f.problem})`, async () => {
      await assert.rejects(collect(readSeedSource(`${base}${f.path}`)), (err: unknown) => {
        assert.ok(err instanceof SeedSourceError, String(err));
        assert.equal(err.problem, f.problem);
        assert.match(err.message, f.message);
        assert.match(err.message, /^cannot import from http:\/\/127\.0\.0\.1:\d+\//);
        return true;
      });
    });
  }

  it('fails when a page after the first fails, after yielding the earlier ones', async () => {
    const seen: string[] = [];
    const fetchJson = async (url: string) => {
      if (url.includes('cursor=')) throw new SeedSourceError(url, 'http-status', 'HTTP 500 (expected 200)');
      return {
        servers: [{ name: 'io.github.a/x', description: 'd', version: '1' }],
        metadata: { nextCursor: 'c' },
      };
    };
    await assert.rejects(async () => {
      for await (const e of readSeedSource('http://seed.example/v0/servers', { fetchJson })) {
        seen.push((e.server as { name: string }).name);
      }
    }, /HTTP 500/);
    assert.deepEqual(seen, ['io.github.a/x']);
  });

  it('fails on a time-out and on a closed port', async () => {
    await assert.rejects(collect(readSeedSource(`${base}/slow`, { timeoutMs: 100 })), (err: unknown) => {
      assert.ok(err instanceof SeedSourceError);
      assert.equal(err.problem, 'unreachable');
      assert.match(err.message, /no complete answer within 100 ms$/);
      return true;
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      collect(readSeedSource(`http://127.0.0.1:${port}/seed.json`)),
      /request failed \(ECONNREFUSED\)$/,
    );
  });
});
