import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestApp, problemOf, send, startTestApp } from './http-kit-app';

describe('the request edge: trailing slashes, NUL bytes, CORS', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.close();
  });

  describe('trailing slash', () => {
    it("redirects GET with 308 to the URL without the slash, query kept, with Go's small HTML body", async () => {
      const res = await send(app.baseUrl, 'GET', '/v0/things/alpha/?x=1&y=%2F');
      assert.equal(res.status, 308);
      assert.equal(res.headers.location, '/v0/things/alpha?x=1&y=%2F');
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(res.body, '<a href="/v0/things/alpha?x=1&amp;y=%2F">Permanent Redirect</a>.\n\n');
    });

    it('redirects other methods without a body, so 308 replays them with theirs', async () => {
      const res = await send(app.baseUrl, 'POST', '/v0/things/', {
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(res.status, 308);
      assert.equal(res.headers.location, '/v0/things');
      assert.equal(res.body, '');
    });

    it('keeps an encoded slash of a server name in the location', async () => {
      const res = await send(app.baseUrl, 'GET', '/v0/servers/io.github.user%2Fweather/versions/');
      assert.equal(res.status, 308);
      assert.equal(res.headers.location, '/v0/servers/io.github.user%2Fweather/versions');
    });

    it('cleans the path so a protocol-relative location cannot send clients elsewhere', async () => {
      const res = await send(app.baseUrl, 'GET', '//evil.example/');
      assert.equal(res.status, 308);
      assert.equal(res.headers.location, '/evil.example');
    });

    it('does not redirect "/"', async () => {
      const res = await send(app.baseUrl, 'GET', '/');
      assert.notEqual(res.status, 308);
    });

    it('does not touch URLs without a trailing slash', async () => {
      const res = await send(app.baseUrl, 'GET', '/v0/things/alpha?x=/');
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.body), { name: 'alpha' });
    });
  });

  describe('NUL bytes', () => {
    const cases: Array<[string, string]> = [
      ['/v0/things/a%00b', 'Invalid request: URL path contains null bytes'],
      ['/v0/things/a%2500b', 'Invalid request: URL path contains null bytes'],
      ['/v0/things/alpha?q=a%00', 'Invalid request: query parameters contain null bytes'],
      // Checked before the trailing slash, as the official middleware order.
      ['/v0/things/a%00/', 'Invalid request: URL path contains null bytes'],
      // A route nobody serves still gets the 400, not a 404.
      ['/v0/unknown%00', 'Invalid request: URL path contains null bytes'],
    ];
    for (const [path, detail] of cases) {
      it(`answers ${path} with 400 problem details`, async () => {
        const res = await send(app.baseUrl, 'GET', path);
        assert.equal(res.status, 400);
        assert.deepEqual(problemOf(res), { title: 'Bad Request', status: 400, detail });
      });
    }

    it('lets an encoded percent sign through when it does not spell %00', async () => {
      const res = await send(app.baseUrl, 'GET', '/v0/things/100%25?q=%2500');
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.body), { name: '100%' });
    });
  });

  describe('CORS (any origin, any header, as the official rs/cors setup)', () => {
    it('answers a preflight for PATCH with 204 and echoes the method and headers', async () => {
      const res = await send(
        app.baseUrl,
        'OPTIONS',
        '/v0/servers/io.github.user%2Fweather/versions/1.0.0/status',
        {
          headers: {
            origin: 'https://app.example',
            'access-control-request-method': 'PATCH',
            'access-control-request-headers': 'authorization,content-type',
          },
        },
      );
      assert.equal(res.status, 204);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['access-control-allow-methods'], 'PATCH');
      assert.equal(res.headers['access-control-allow-headers'], 'authorization,content-type');
      assert.equal(res.headers['access-control-max-age'], '86400');
      assert.equal(res.headers.vary, 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
      assert.equal(res.headers['access-control-allow-credentials'], undefined);
      assert.equal(res.body, '');
    });

    it('allows every method the API uses', async () => {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        const res = await send(app.baseUrl, 'OPTIONS', '/v0/publish', {
          headers: { origin: 'https://app.example', 'access-control-request-method': method },
        });
        assert.equal(res.headers['access-control-allow-methods'], method, method);
      }
    });

    it('grants nothing to a preflight for a method it does not allow', async () => {
      const res = await send(app.baseUrl, 'OPTIONS', '/v0/publish', {
        headers: { origin: 'https://app.example', 'access-control-request-method': 'TRACE' },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
    });

    it('marks a cross-origin request as readable by any origin and exposes the content headers', async () => {
      const res = await send(app.baseUrl, 'GET', '/v0/ping', { headers: { origin: 'https://app.example' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['access-control-expose-headers'], 'Content-Type, Content-Length');
      assert.equal(res.headers.vary, 'Origin');
    });

    it('adds no CORS headers to a request without an Origin', async () => {
      const res = await send(app.baseUrl, 'GET', '/v0/ping');
      assert.equal(res.headers['access-control-allow-origin'], undefined);
      assert.equal(res.headers.vary, 'Origin');
    });

    it('puts the CORS headers on errors and redirects too', async () => {
      const headers = { origin: 'https://app.example' };
      for (const path of ['/v0/nothing', '/v0/things/a%00', '/v0/ping/']) {
        const res = await send(app.baseUrl, 'GET', path, { headers });
        assert.equal(res.headers['access-control-allow-origin'], '*', path);
      }
    });
  });
});
