import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { OutboundHttp } from './outbound-http';
import { OutboundHttpError } from './outbound-http-error';

interface LoopbackServer {
  port: number;
  url: string;
  connections: number;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

async function startLoopback(handler: http.RequestListener): Promise<LoopbackServer> {
  const server = http.createServer((req, res) => {
    state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  const state: LoopbackServer = {
    port: 0,
    url: '',
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    state.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  return state;
}

async function rejection(promise: Promise<unknown>): Promise<OutboundHttpError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OutboundHttpError, `expected OutboundHttpError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

describe('OutboundHttp', () => {
  let server: LoopbackServer;
  const testHttp = new OutboundHttp({ allowPrivateAddresses: true, timeoutMs: 2_000 });

  before(async () => {
    server = await startLoopback((req, res) => {
      const path = req.url ?? '/';
      if (path === '/redirect') {
        res.writeHead(302, { location: '/target' }).end('moved');
      } else if (path === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 64; i++) res.write(Buffer.alloc(1024, 'a'));
        res.end();
      } else if (path === '/exact') {
        res.writeHead(200).end(Buffer.alloc(100, 'b'));
      } else if (path === '/hang') {
        // Never answers: only the client's timeout ends this request.
      } else if (path === '/slow-body') {
        res.writeHead(200);
        res.write('partial');
      } else if (path === '/echo') {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              method: req.method,
              length: req.headers['content-length'],
              type: req.headers['content-type'],
              body,
            }),
          );
        });
      } else if (path === '/late') {
        setTimeout(() => res.writeHead(200).end('late'), 300);
      } else if (path === '/json') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
        res.end(JSON.stringify({ ok: true, ua: req.headers['user-agent'], custom: req.headers['x-custom'] }));
      } else {
        res.writeHead(200).end(req.method === 'HEAD' ? undefined : 'hello');
      }
    });
  });
  after(() => server.close());

  it('returns a 3xx as the response and does not follow it', async () => {
    const before = server.requests.length;
    const response = await testHttp.get(`${server.url}/redirect`);
    assert.equal(response.status, 302);
    assert.equal(response.headers.location, '/target');
    assert.equal(response.text(), 'moved');
    assert.deepEqual(
      server.requests.slice(before).map((r) => r.url),
      ['/redirect'],
    );
  });

  it('reads at most maxBodyBytes and marks the response truncated', async () => {
    const response = await testHttp.get(`${server.url}/big`, { maxBodyBytes: 4096 });
    assert.equal(response.status, 200);
    assert.equal(response.body.length, 4096);
    assert.equal(response.truncated, true);
  });

  it('does not mark a body of exactly maxBodyBytes as truncated', async () => {
    const response = await testHttp.get(`${server.url}/exact`, { maxBodyBytes: 100 });
    assert.equal(response.body.length, 100);
    assert.equal(response.truncated, false);
  });

  it('uses the constructor cap when the request sets none', async () => {
    const capped = new OutboundHttp({ allowPrivateAddresses: true, maxBodyBytes: 10 });
    const response = await capped.get(`${server.url}/big`);
    assert.equal(response.body.length, 10);
    assert.equal(response.truncated, true);
  });

  it('gives up with code timeout when the server does not answer', async () => {
    const started = Date.now();
    const error = await rejection(testHttp.get(`${server.url}/hang`, { timeoutMs: 150 }));
    assert.equal(error.code, 'timeout');
    assert.ok(Date.now() - started < 1_500);
  });

  it('gives up with code timeout when the body stalls', async () => {
    const error = await rejection(testHttp.get(`${server.url}/slow-body`, { timeoutMs: 150 }));
    assert.equal(error.code, 'timeout');
  });

  it('sends the user agent and caller headers, parses JSON and joins repeated headers', async () => {
    const response = await testHttp.get(`${server.url}/json`, { headers: { 'X-Custom': 'yes' } });
    assert.deepEqual(response.json(), { ok: true, ua: 'mcp-registry', custom: 'yes' });
    assert.equal(response.headers['x-multi'], 'a, b');
    assert.equal(response.truncated, false);
  });

  it('sends HEAD requests', async () => {
    const response = await testHttp.get(`${server.url}/head`, { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(response.body.length, 0);
    assert.equal(server.requests.at(-1)?.method, 'HEAD');
  });

  it('refuses URLs that are not http or https', async () => {
    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'not a url', 'javascript:alert(1)']) {
      const error = await rejection(testHttp.get(url));
      assert.equal(error.code, 'bad-url', url);
    }
  });

  it('reports a refused connection with code network', async () => {
    const closed = await startLoopback((_req, res) => res.end());
    await closed.close();
    const error = await rejection(testHttp.get(`${closed.url}/`));
    assert.equal(error.code, 'network');
  });

  it('POSTs a body with its content-length and reads the answer', async () => {
    const body = JSON.stringify({ text: 'héllo' });
    const response = await testHttp.post(`${server.url}/echo`, body, {
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(response.status, 201);
    assert.deepEqual(response.json(), {
      method: 'POST',
      length: String(Buffer.byteLength(body)),
      type: 'application/json',
      body,
    });
  });

  it('refuses a POST to a URL that is not http(s) without sending it', async () => {
    const error = await rejection(testHttp.post('file:///etc/passwd', 'x'));
    assert.equal(error.code, 'bad-url');
  });

  describe('with keep-alive', () => {
    it('reuses one connection for successive requests', async () => {
      const pooled = new OutboundHttp({ allowPrivateAddresses: true, keepAlive: true });
      const connectionsBefore = server.connections;
      for (let i = 0; i < 10; i++)
        assert.equal((await pooled.post(`${server.url}/echo`, `n=${i}`)).status, 201);
      pooled.close();
      assert.equal(server.connections - connectionsBefore, 1);
    });

    it('opens one connection per request without it', async () => {
      const connectionsBefore = server.connections;
      for (let i = 0; i < 3; i++) await testHttp.get(`${server.url}/`);
      assert.equal(server.connections - connectionsBefore, 3);
    });

    it('does not cut a slow answer with the idle timeout of pooled connections', async () => {
      const pooled = new OutboundHttp({ allowPrivateAddresses: true, keepAlive: { idleTimeoutMs: 50 } });
      const response = await pooled.get(`${server.url}/late`);
      pooled.close();
      assert.equal(response.text(), 'late');
    });

    it('still judges IP literals and resolved names in production mode', async () => {
      const pooled = new OutboundHttp({ allowPrivateAddresses: false, keepAlive: true });
      const connectionsBefore = server.connections;
      const literal = await rejection(pooled.post(`http://127.0.0.1:${server.port}/echo`, 'x'));
      assert.equal(literal.code, 'private-address');
      // Twice: a refused connection must not leave anything in the pool for the second call.
      for (let i = 0; i < 2; i++) {
        const named = await rejection(pooled.post(`http://localhost:${server.port}/echo`, 'x'));
        assert.equal(named.code, 'private-address');
        assert.match(named.message, /resolves to/);
      }
      pooled.close();
      assert.equal(server.connections, connectionsBefore);
    });
  });

  describe('in production mode (allowPrivateAddresses: false)', () => {
    const production = new OutboundHttp({ allowPrivateAddresses: false, timeoutMs: 2_000 });

    const literalTargets: Array<[string, (port: number) => string]> = [
      ['127.0.0.1', (port) => `http://127.0.0.1:${port}/`],
      ['[::1]', (port) => `http://[::1]:${port}/`],
      ['[::ffff:127.0.0.1]', (port) => `http://[::ffff:127.0.0.1]:${port}/`],
      ['0x7f.1 (normalised to 127.0.0.1)', (port) => `http://0x7f.1:${port}/`],
      ['2130706433 (normalised to 127.0.0.1)', (port) => `http://2130706433:${port}/`],
      ['10.1.2.3', (port) => `http://10.1.2.3:${port}/`],
      ['169.254.169.254', () => `http://169.254.169.254/latest/meta-data/`],
      ['192.168.0.1 over https', () => `https://192.168.0.1/`],
      ['100.64.1.1', () => `http://100.64.1.1/`],
      ['[fd00::1]', () => `http://[fd00::1]/`],
      ['0.0.0.0', (port) => `http://0.0.0.0:${port}/`],
    ];
    for (const [label, target] of literalTargets) {
      it(`refuses ${label} before connecting`, async () => {
        const connectionsBefore = server.connections;
        const started = Date.now();
        const error = await rejection(production.get(target(server.port)));
        assert.equal(error.code, 'private-address');
        assert.ok(Date.now() - started < 500, 'the refusal must not wait for a connection attempt');
        assert.equal(server.connections, connectionsBefore);
      });
    }

    it('refuses a hostname that resolves to loopback (localhost) at connect time', async () => {
      const connectionsBefore = server.connections;
      const error = await rejection(production.get(`http://localhost:${server.port}/`));
      assert.equal(error.code, 'private-address');
      assert.match(error.message, /localhost/);
      assert.equal(server.connections, connectionsBefore);
    });

    it('applies the connect-time check to https as well', async () => {
      const error = await rejection(production.get(`https://localhost:${server.port}/`));
      assert.equal(error.code, 'private-address');
    });

    it('reaches loopback when allowPrivateAddresses is true', async () => {
      const local = new OutboundHttp({ allowPrivateAddresses: true });
      assert.equal((await local.get(`http://127.0.0.1:${server.port}/`)).status, 200);
      assert.equal((await local.get(`http://localhost:${server.port}/`)).status, 200);
    });
  });
});
