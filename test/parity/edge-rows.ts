import assert from 'node:assert/strict';
import { serverJson } from '@test/support/registry-under-test';
import { ParityRow, enc, versionPath } from './parity-row';

const ORIGIN = 'https://browser.example';

export const EDGE_ROWS: ParityRow[] = [
  {
    id: 'cors-allows-patch',
    async pin({ registry, token }) {
      const name = 'io.github.parity/cors';
      const path = `${versionPath(name, '1.0.0')}/status`;
      const preflight = await registry.request('OPTIONS', path, {
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      assert.equal(preflight.headers.get('access-control-allow-methods'), 'PATCH');
      assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization,content-type');
      assert.equal(
        (await registry.request('POST', '/v0/publish', { token, body: serverJson(name, '1.0.0') })).status,
        200,
      );
      const patched = await registry.request('PATCH', path, {
        token,
        body: { status: 'deprecated' },
        headers: { origin: ORIGIN },
      });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.headers.get('access-control-allow-origin'), '*');
      assert.equal(patched.headers.get('access-control-expose-headers'), 'Content-Type, Content-Length');
    },
  },
  {
    id: 'cors-on-edge-answers',
    async pin({ registry }) {
      const redirect = await registry.request('GET', '/v0/servers/', { headers: { origin: ORIGIN } });
      assert.equal(redirect.status, 308);
      assert.equal(redirect.headers.get('location'), '/v0/servers');
      assert.equal(redirect.headers.get('access-control-allow-origin'), '*');
      const nul = await registry.request('GET', '/v0/servers?search=%00', { headers: { origin: ORIGIN } });
      assert.equal(nul.status, 400);
      assert.equal(nul.headers.get('access-control-allow-origin'), '*');
      // A preflight is answered before the trailing-slash redirect, which browsers would not follow.
      const preflight = await registry.request('OPTIONS', '/v0/servers/', {
        headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('location'), null);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    },
  },
  {
    id: 'edge-errors-problem-json',
    async pin({ registry }) {
      const nul = await registry.request('GET', '/v0/servers?search=%00');
      assert.equal(nul.status, 400);
      assert.equal(nul.headers.get('content-type'), 'application/problem+json');
      assert.deepEqual(nul.json, {
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid request: query parameters contain null bytes',
      });
      const malformed = await registry.request('GET', '/v0/servers/%zz/versions/latest');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.headers.get('content-type'), 'application/problem+json');
      assert.deepEqual(malformed.json, {
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid request: malformed URL encoding',
      });
    },
  },
  {
    id: 'trailing-slash-keeps-encoding',
    async pin({ registry }) {
      const name = enc('io.github.parity/slash');
      const res = await registry.request('GET', `/v0/servers/${name}/versions/?include_deleted=true`);
      assert.equal(res.status, 308);
      assert.equal(res.headers.get('location'), `/v0/servers/${name}/versions?include_deleted=true`);
    },
  },
];
