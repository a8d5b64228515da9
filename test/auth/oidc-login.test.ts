import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuthOptions } from '@registry/auth';
import { FakeOidcIssuer } from '@test/support/fakes/oidc';
import { AuthTestApp, TestClock, startAuthApp, tokenPayload } from './auth-test-app';

describe('POST auth/oidc against an OpenID provider on loopback', () => {
  const clock = new TestClock();
  const provider = new FakeOidcIssuer();
  const lying = new FakeOidcIssuer();
  let app: AuthTestApp;
  let disabledApp: AuthTestApp;
  let lyingApp: AuthTestApp;
  const seconds = (): number => Math.floor(clock.current.getTime() / 1000);
  const idToken = (overrides: Record<string, unknown> = {}): Promise<string> =>
    provider.mint({
      iss: provider.issuer,
      aud: 'registry-admin-client',
      sub: 'admin-123',
      email: 'admin@modelcontextprotocol.io',
      email_verified: true,
      hd: 'modelcontextprotocol.io',
      iat: seconds(),
      exp: seconds() + 3600,
      ...overrides,
    });
  const oidc = (issuer: string): AuthOptions['oidc'] => ({
    enabled: true,
    issuer,
    clientId: 'registry-admin-client',
    extraClaims: [{ hd: 'modelcontextprotocol.io' }, { email_verified: true }],
    editPermissions: ['*'],
    publishPermissions: ['*', ' '],
  });

  before(async () => {
    await provider.start();
    await lying.start();
    lying.issuerOverride = 'https://accounts.example.com';
    app = await startAuthApp(clock, { oidc: oidc(provider.issuer) });
    lyingApp = await startAuthApp(clock, { oidc: oidc(lying.issuer) });
    disabledApp = await startAuthApp(clock);
  });
  after(async () => {
    await Promise.all([app.close(), lyingApp.close(), disabledApp.close()]);
    await Promise.all([provider.close(), lying.close()]);
  });

  it('issues publish and edit permissions to an admin whose claims match', async () => {
    const reply = await app.post('/v0/auth/oidc', { oidc_token: await idToken() });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const payload = tokenPayload(reply.body['registry_token']);
    assert.equal(payload['auth_method'], 'oidc');
    assert.equal(payload['auth_method_sub'], 'admin-123');
    assert.deepEqual(payload['permissions'], [
      { action: 'publish', resource: '*' },
      { action: 'edit', resource: '*' },
    ]);
    assert.ok(provider.requests.includes('/.well-known/openid-configuration'));
  });

  it('answers at /v0.1 too', async () => {
    assert.equal((await app.post('/v0.1/auth/oidc', { oidc_token: await idToken() })).status, 200);
  });

  const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const refusals: Array<[string, () => Promise<string>, string]> = [
    [
      'an extra claim that does not match',
      () => idToken({ hd: 'example.com' }),
      'extra claims validation failed: claim validation failed for rule map[hd:modelcontextprotocol.io]: claim validation failed: hd expected modelcontextprotocol.io, got example.com',
    ],
    [
      'a missing extra claim',
      () => idToken({ email_verified: undefined }),
      'extra claims validation failed: claim validation failed for rule map[email_verified:true]: claim validation failed: required claim email_verified not found',
    ],
    [
      'another audience (client id)',
      () => idToken({ aud: ['someone-else'] }),
      'failed to validate OIDC token: failed to verify ID token: oidc: expected audience "registry-admin-client" got ["someone-else"]',
    ],
    [
      'another issuer',
      () => idToken({ iss: 'https://accounts.example.com' }),
      `failed to validate OIDC token: failed to verify ID token: oidc: id token issued by a different provider, expected "${'ISSUER'}" got "https://accounts.example.com"`,
    ],
    [
      'an expired token',
      () => idToken({ exp: Date.UTC(2025, 5, 1, 11, 0, 0) / 1000 }),
      'failed to validate OIDC token: failed to verify ID token: oidc: token is expired (Token Expiry: 2025-06-01 11:00:00 +0000 UTC)',
    ],
    [
      'a token signed with an unknown key',
      () =>
        idToken({}).then(async (token) => {
          const claims = JSON.parse(
            Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'),
          ) as Record<string, unknown>;
          return provider.mint(claims, { key: strangerKey });
        }),
      'failed to validate OIDC token: failed to verify ID token: failed to verify signature: failed to verify id token signature',
    ],
  ];
  for (const [name, mint, reason] of refusals) {
    it(`refuses ${name}`, async () => {
      const reply = await app.post('/v0/auth/oidc', { oidc_token: await mint() });
      assert.equal(reply.status, 401, JSON.stringify(reply.body));
      assert.equal(reply.body['detail'], 'Token exchange failed');
      assert.deepEqual(reply.body['errors'], [{ message: reason.replace('ISSUER', provider.issuer) }]);
    });
  }

  it('refuses every token when discovery names another issuer', async () => {
    const reply = await lyingApp.post('/v0/auth/oidc', { oidc_token: await idToken() });
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.body['errors'], [
      {
        message: `failed to validate OIDC token: failed to verify ID token: failed to initialize OIDC provider: oidc: issuer did not match the issuer returned by provider, expected "${lying.issuer}" got "https://accounts.example.com"`,
      },
    ]);
  });

  it('is not served when OIDC is disabled', async () => {
    const reply = await disabledApp.post('/v0/auth/oidc', { oidc_token: await idToken() });
    assert.equal(reply.status, 404);
    assert.equal(reply.body['detail'], 'Endpoint not found. See /docs for the API documentation.');
  });
});
