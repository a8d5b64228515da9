import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fakeService, oneErrorLine, problem } from './cli-harness';
import { FUTURE, publisherFixture } from './publisher-fixture';

const ED25519_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const ED25519_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

describe('mcp-registry login and logout against a registry on loopback', () => {
  const f = publisherFixture();

  it('login none stores the registry token owner-only; logout removes it', async () => {
    f.route = (r) =>
      r.url === '/v0/auth/none' ? { body: { registry_token: 'anon-jwt', expires_at: FUTURE } } : undefined;
    const run = await f.cli(['login', 'none']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(f.requests[0].method, 'POST');
    assert.match(
      run.stdout,
      /✓ Successfully logged in \(token saved in .*token\.json, valid until 2100-01-01T00:00:00\.000Z\)/,
    );
    const saved = JSON.parse(await readFile(f.tokenFile(), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(saved, {
      token: 'anon-jwt',
      method: 'none',
      registry: f.registry.url,
      expires_at: FUTURE,
    });
    assert.equal((await stat(f.tokenFile())).mode & 0o777, 0o600);

    const out = await f.cli(['logout']);
    assert.equal(out.code, 0);
    assert.match(out.stdout, /^✓ Successfully logged out/);
    assert.ok(!existsSync(f.tokenFile()));
    assert.equal((await f.cli(['logout'])).stdout, 'Not logged in\n');
  });

  it('login github-at exchanges the given GitHub token', async () => {
    f.route = () => ({ body: { registry_token: 'gh-jwt', expires_at: FUTURE } });
    const run = await f.cli(['login', 'github', '--token', 'ghp_abc']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(f.requests[0].url, '/v0/auth/github-at');
    assert.deepEqual(f.requests[0].json(), { github_token: 'ghp_abc' });
  });

  it('login github-at without a token runs the GitHub device flow', async () => {
    const github = await fakeService((r) => {
      if (r.url === '/login/device/code') {
        return {
          body: {
            device_code: 'dev-1',
            user_code: 'ABCD-1234',
            verification_uri: 'https://gh/device',
            interval: 1,
          },
        };
      }
      if (r.url === '/login/oauth/access_token') return { body: { access_token: 'gho_device' } };
      return undefined;
    });
    try {
      f.route = (r) => {
        if (r.url === '/v0/health') return { body: { status: 'ok', github_client_id: 'client-9' } };
        return r.url === '/v0/auth/github-at' ? { body: { registry_token: 'gh-jwt' } } : undefined;
      };
      const run = await f.cli(['login', 'github-at'], { MCP_GITHUB_URL: github.url });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /1\. Go to: https:\/\/gh\/device\n2\. Enter code: ABCD-1234\n/);
      assert.deepEqual(github.requests[0].json(), { client_id: 'client-9', scope: 'read:org read:user' });
      assert.deepEqual(github.requests[1].json(), {
        client_id: 'client-9',
        device_code: 'dev-1',
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      });
      assert.deepEqual(f.requests.at(-1)?.json(), { github_token: 'gho_device' });
    } finally {
      await github.close();
    }
  });

  it('login github-oidc fetches the Actions token for audience mcp-registry and exchanges it', async () => {
    const actions = await fakeService((r) =>
      r.url.startsWith('/token') ? { body: { value: 'actions-oidc-jwt' } } : undefined,
    );
    try {
      f.route = () => ({ body: { registry_token: 'oidc-jwt' } });
      const run = await f.cli(['login', 'github-oidc'], {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${actions.url}/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-secret',
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(actions.requests[0].url, '/token?api-version=2.0&audience=mcp-registry');
      assert.equal(actions.requests[0].authorization, 'Bearer runtime-secret');
      assert.equal(f.requests[0].url, '/v0/auth/github-oidc');
      assert.deepEqual(f.requests[0].json(), { oidc_token: 'actions-oidc-jwt' });
    } finally {
      await actions.close();
    }
    const outside = await f.cli(['login', 'github-oidc']);
    assert.match(
      oneErrorLine(outside.stderr),
      /ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set/,
    );
  });

  for (const method of ['dns', 'http']) {
    it(`login ${method} signs the current RFC 3339 time with the Ed25519 key`, async () => {
      f.route = () => ({ body: { registry_token: `${method}-jwt`, expires_at: FUTURE } });
      const run = await f.cli(['login', method, '--domain', 'example.com', '--private-key', ED25519_SEED]);
      assert.equal(run.code, 0, run.stderr);
      const publicKey = Buffer.from(ED25519_PUBLIC, 'hex');
      assert.match(
        run.stdout,
        new RegExp(
          `Expected proof record:\\nv=MCPv1; k=ed25519; p=${publicKey.toString('base64').replace(/\+/g, '\\+')}\\n`,
        ),
      );
      const request = f.requests[0];
      assert.equal(request.url, `/v0/auth/${method}`);
      const body = request.json() as { domain: string; timestamp: string; signed_timestamp: string };
      assert.equal(body.domain, 'example.com');
      assert.match(body.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.ok(Math.abs(Date.parse(body.timestamp) - Date.now()) < 60_000);
      const key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') },
        format: 'jwk',
      });
      assert.ok(verify(null, Buffer.from(body.timestamp), key, Buffer.from(body.signed_timestamp, 'hex')));
    });
  }

  it('login shows the registry problem detail when the exchange is refused', async () => {
    f.route = () =>
      problem(401, 'Unauthorized', 'signature does not match the public key in the DNS TXT record');
    const run = await f.cli(['login', 'dns', '-d', 'example.com', '-p', ED25519_SEED]);
    assert.equal(run.code, 1);
    assert.equal(
      oneErrorLine(run.stderr),
      'Error: dns login failed: 401 Unauthorized: signature does not match the public key in the DNS TXT record',
    );
    assert.ok(!existsSync(f.tokenFile()));
  });
});
