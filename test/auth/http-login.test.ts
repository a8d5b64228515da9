import assert from 'node:assert/strict';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { generateProofKeyPair, proofRecord, proofTimestamp, signProofTimestamp } from '@registry/auth';
import { AuthTestApp, TestClock, startAuthApp, tokenPayload } from './auth-test-app';

interface SiteAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/**
 * The publishers' web sites on one loopback server: `/<domain>/.well-known/mcp-registry-auth` is what
 * https://<domain>/.well-known/mcp-registry-auth would serve (AuthOptions.httpProofBaseUrl maps it).
 */
async function startSites(answers: Map<string, SiteAnswer>): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const match = /^\/([^/]+)\/\.well-known\/mcp-registry-auth$/.exec(req.url ?? '');
    const answer = match === null ? undefined : answers.get(match[1]!);
    if (answer === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('POST auth/http against web sites on loopback', () => {
  const clock = new TestClock();
  const ed = generateProofKeyPair('ed25519');
  const ec = generateProofKeyPair('ecdsap384');
  const answers = new Map<string, SiteAnswer>([
    ['example.com', { status: 200, body: `${proofRecord(ed)}\n` }],
    ['p384.example.com', { status: 200, body: proofRecord(ec) }],
    ['moved.example.com', { status: 302, body: '', headers: { location: 'http://127.0.0.1:1/x' } }],
    ['big.example.com', { status: 200, body: `${proofRecord(ed)}${' '.repeat(5000)}` }],
    ['stale.example.com', { status: 200, body: proofRecord(generateProofKeyPair('ed25519')) }],
    ['garbage.example.com', { status: 200, body: '<html>hello</html>' }],
  ]);
  let sites: { server: Server; base: string };
  let app: AuthTestApp;
  let strictApp: AuthTestApp;

  before(async () => {
    sites = await startSites(answers);
    const httpProofBaseUrl = (domain: string): string => `${sites.base}/${domain}`;
    app = await startAuthApp(clock, { httpProofBaseUrl, outboundAllowPrivate: true });
    strictApp = await startAuthApp(clock, { httpProofBaseUrl, outboundAllowPrivate: false });
  });
  after(async () => {
    await app.close();
    await strictApp.close();
    await new Promise<void>((resolve) => sites.server.close(() => resolve()));
  });

  const login = (target: AuthTestApp, domain: string, pair = ed, path = '/v0/auth/http') => {
    const timestamp = proofTimestamp(clock.current);
    return target.post(path, { domain, timestamp, signed_timestamp: signProofTimestamp(pair, timestamp) });
  };
  const proofUrl = (domain: string): string => `${sites.base}/${domain}/.well-known/mcp-registry-auth`;

  it('grants the domain only (no subdomains) for an Ed25519 proof', async () => {
    const reply = await login(app, 'example.com');
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const payload = tokenPayload(reply.body['registry_token']);
    assert.equal(payload['auth_method'], 'http');
    assert.equal(payload['auth_method_sub'], 'example.com');
    assert.deepEqual(payload['permissions'], [{ action: 'publish', resource: 'com.example/*' }]);
  });

  it('accepts an ECDSA P-384 proof at /v0.1', async () => {
    const reply = await login(app, 'p384.example.com', ec, '/v0.1/auth/http');
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(tokenPayload(reply.body['registry_token'])['permissions'], [
      { action: 'publish', resource: 'com.example.p384/*' },
    ]);
  });

  const refusals: Array<
    [string, () => Promise<{ status: number; body: Record<string, unknown> }>, string | RegExp]
  > = [
    [
      'a missing proof file',
      () => login(app, 'missing.example.com'),
      `failed to fetch keys: failed to fetch public key: HTTP 404: failed to fetch key from ${'URL:missing.example.com'}`,
    ],
    [
      'a redirect (never followed)',
      () => login(app, 'moved.example.com'),
      `failed to fetch keys: failed to fetch public key: HTTP 302: failed to fetch key from ${'URL:moved.example.com'}`,
    ],
    [
      'a body over 4 KB',
      () => login(app, 'big.example.com'),
      'failed to fetch keys: failed to fetch public key: HTTP auth key response too large',
    ],
    [
      'a body without a proof record',
      () => login(app, 'garbage.example.com'),
      'no MCP public key found in HTTP response',
    ],
    [
      'a signature by another key',
      () => login(app, 'stale.example.com'),
      /^signature verification failed \(tried published key ed25519:/,
    ],
    [
      'an Ed25519 signature against a P-384 key',
      () => login(app, 'p384.example.com', ed),
      'invalid signature size for ECDSA P-384',
    ],
    [
      'a loopback site when private addresses are not allowed',
      () => login(strictApp, 'example.com'),
      /^failed to fetch keys: failed to fetch public key: failed to fetch key: Get "http:\/\/127\.0\.0\.1:\d+\/example\.com\/\.well-known\/mcp-registry-auth": refusing to connect to 127\.0\.0\.1/,
    ],
  ];
  for (const [name, attempt, reason] of refusals) {
    it(`refuses ${name} with 401`, async () => {
      const reply = await attempt();
      assert.equal(reply.status, 401, JSON.stringify(reply.body));
      assert.equal(reply.body['detail'], 'HTTP authentication failed');
      const message = (reply.body['errors'] as Array<{ message: string }>)[0]!.message;
      if (typeof reason === 'string')
        assert.equal(
          message,
          reason.replace(/URL:(\S+)/, (_, d: string) => proofUrl(d)),
        );
      else assert.match(message, reason);
    });
  }
});
