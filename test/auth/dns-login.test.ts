import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ProofKeyAlgorithm,
  generateProofKeyPair,
  proofRecord,
  proofTimestamp,
  signProofTimestamp,
} from '@registry/auth';
import { FakeDnsServer } from '@test/support/fakes/dns';
import { AuthTestApp, TestClock, startAuthApp, tokenPayload } from './auth-test-app';

describe('POST auth/dns against a DNS server on loopback', () => {
  const clock = new TestClock();
  const dns = new FakeDnsServer();
  const ed = generateProofKeyPair('ed25519');
  const ec = generateProofKeyPair('ecdsap384');
  let app: AuthTestApp;

  before(async () => {
    await dns.start();
    dns.setTxt('example.com', ['v=spf1 include:_spf.google.com ~all', proofRecord(ed), proofRecord(ec)]);
    dns.setTxt('api.example.com', [proofRecord(ed)]);
    dns.setTxt('spf-only.example.org', ['v=spf1 -all']);
    dns.setTxt('selector.example.net', ['v=spf1 -all']);
    dns.setTxt('_mcp-auth.selector.example.net', [proofRecord(ed)]);
    dns.setTxt('stale.example.com', [proofRecord(generateProofKeyPair('ed25519'))]);
    app = await startAuthApp(clock, { dnsResolvers: [dns.address] });
  });
  after(async () => {
    await app.close();
    await dns.close();
  });

  const login = (
    domain: string,
    pair = ed,
    timestamp = proofTimestamp(clock.current),
    path = '/v0/auth/dns',
  ) => app.post(path, { domain, timestamp, signed_timestamp: signProofTimestamp(pair, timestamp) });

  for (const [algorithm, pair] of [
    ['ed25519', ed],
    ['ecdsap384', ec],
  ] as Array<[ProofKeyAlgorithm, typeof ed]>) {
    it(`grants the domain and its subdomains for a ${algorithm} signature`, async () => {
      const reply = await login('example.com', pair);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const payload = tokenPayload(reply.body['registry_token']);
      assert.equal(payload['auth_method'], 'dns');
      assert.equal(payload['auth_method_sub'], 'example.com');
      assert.deepEqual(payload['permissions'], [
        { action: 'publish', resource: 'com.example/*' },
        { action: 'publish', resource: 'com.example.*' },
      ]);
    });
  }

  it('answers at /v0.1 too, and proves subdomains on their own records', async () => {
    const reply = await login('api.example.com', ed, undefined, '/v0.1/auth/dns');
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(
      (tokenPayload(reply.body['registry_token'])['permissions'] as Array<{ resource: string }>).map(
        (p) => p.resource,
      ),
      ['com.example.api/*', 'com.example.api.*'],
    );
  });

  const refusals: Array<
    [string, () => Promise<{ status: number; body: Record<string, unknown> }>, string | RegExp]
  > = [
    [
      'an expired timestamp',
      () => login('example.com', ed, proofTimestamp(new Date(clock.current.getTime() - 16_000))),
      'timestamp outside valid window (±15 seconds)',
    ],
    [
      'a timestamp from the future',
      () => login('example.com', ed, proofTimestamp(new Date(clock.current.getTime() + 20_000))),
      'timestamp outside valid window (±15 seconds)',
    ],
    [
      'a signature by another key',
      () => login('stale.example.com'),
      /^signature verification failed \(tried published key ed25519:.{8}\); if this is not the key you are signing with, the published record may be stale$/,
    ],
    [
      'a domain with no TXT record',
      () => login('nothing.example.com'),
      `failed to fetch keys: failed to lookup DNS TXT records: lookup nothing.example.com on ${'DNS'}: no such host`,
    ],
    [
      'a domain with no MCP record',
      () => login('spf-only.example.org'),
      'no MCP public key found in DNS TXT records',
    ],
    [
      'a record placed under a selector',
      () => login('selector.example.net'),
      'failed to fetch keys: no MCPv1 TXT record at "selector.example.net", but one was found at "_mcp-auth.selector.example.net" — MCP DNS auth requires the record at the apex domain, not under a selector',
    ],
    ['an IP address', () => login('127.0.0.1'), 'invalid domain format'],
    ['a GitHub Pages domain', () => login('my-org.github.io'), /^github\.io domains cannot be used/],
    [
      'a signature that is not hex',
      () =>
        app.post('/v0/auth/dns', {
          domain: 'example.com',
          timestamp: proofTimestamp(clock.current),
          signed_timestamp: 'zz',
        }),
      "invalid signature format, must be hex: encoding/hex: invalid byte: U+007A 'z'",
    ],
  ];
  for (const [name, attempt, reason] of refusals) {
    it(`refuses ${name} with 401`, async () => {
      const reply = await attempt();
      assert.equal(reply.status, 401, JSON.stringify(reply.body));
      assert.equal(reply.body['title'], 'Unauthorized');
      assert.equal(reply.body['detail'], 'DNS authentication failed');
      const errors = reply.body['errors'] as Array<{ message: string }>;
      if (typeof reason === 'string')
        assert.equal(errors[0]!.message, reason.replace('on DNS', `on ${dns.address}`));
      else assert.match(errors[0]!.message, reason);
    });
  }

  it('answers a body without the required fields with 422, as huma does', async () => {
    const reply = await app.post('/v0/auth/dns', { domain: 'example.com', timestamp: 7 });
    assert.equal(reply.status, 422);
    assert.deepEqual(reply.body, {
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'validation failed',
      errors: [
        {
          message: 'expected required property signed_timestamp to be present',
          location: 'body',
          value: { domain: 'example.com', timestamp: 7 },
        },
        { message: 'expected string', location: 'body.timestamp', value: 7 },
      ],
    });
  });

  it('answers a request without a body with 400', async () => {
    const reply = await app.post('/v0/auth/dns');
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, { title: 'Bad Request', status: 400, detail: 'request body is required' });
  });
});
