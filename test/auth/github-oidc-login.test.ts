import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FakeOidcIssuer } from '@test/support/fakes/oidc';
import { AuthTestApp, TestClock, startAuthApp, tokenPayload } from './auth-test-app';

describe('POST auth/github-oidc against an OIDC issuer on loopback', () => {
  const clock = new TestClock();
  const issuer = new FakeOidcIssuer();
  let app: AuthTestApp;
  let noAudienceApp: AuthTestApp;
  const seconds = (): number => Math.floor(clock.current.getTime() / 1000);
  const actionsClaims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    iss: issuer.issuer,
    aud: 'mcp-registry',
    sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
    repository: 'octo-org/octo-repo',
    repository_owner: 'octo-org',
    iat: seconds(),
    nbf: seconds(),
    exp: seconds() + 300,
    ...overrides,
  });

  before(async () => {
    await issuer.start();
    app = await startAuthApp(clock, { githubOidcIssuer: issuer.issuer, githubOidcAudience: 'mcp-registry' });
    noAudienceApp = await startAuthApp(clock, { githubOidcIssuer: issuer.issuer, githubOidcAudience: '' });
  });
  after(async () => {
    await app.close();
    await noAudienceApp.close();
    await issuer.close();
  });

  it('grants the repository owner namespace, keyed by the JWKS at <issuer>/.well-known/jwks', async () => {
    const reply = await app.post('/v0/auth/github-oidc', { oidc_token: await issuer.mint(actionsClaims()) });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const payload = tokenPayload(reply.body['registry_token']);
    assert.equal(payload['auth_method'], 'github-oidc');
    assert.equal(payload['auth_method_sub'], 'repo:octo-org/octo-repo:ref:refs/heads/main');
    assert.deepEqual(payload['permissions'], [{ action: 'publish', resource: 'io.github.octo-org/*' }]);
    assert.ok(issuer.requests.includes('/.well-known/jwks'));
  });

  it('accepts an audience list at /v0.1', async () => {
    const token = await issuer.mint(actionsClaims({ aud: ['other', 'mcp-registry'] }));
    assert.equal((await app.post('/v0.1/auth/github-oidc', { oidc_token: token })).status, 200);
  });

  it('grants nothing to an odd owner name', async () => {
    const reply = await app.post('/v0/auth/github-oidc', {
      oidc_token: await issuer.mint(actionsClaims({ repository_owner: 'invalid@name' })),
    });
    assert.equal(reply.status, 200);
    assert.equal(tokenPayload(reply.body['registry_token'])['permissions'], null);
  });

  const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const refusals: Array<[string, () => Promise<string>, string]> = [
    [
      'a wrong audience',
      () => issuer.mint(actionsClaims({ aud: 'sigstore' })),
      'failed to validate OIDC token: invalid audience: expected mcp-registry, got [sigstore]',
    ],
    [
      'a wrong issuer',
      () => issuer.mint(actionsClaims({ iss: 'https://token.actions.example.com' })),
      `failed to validate OIDC token: invalid issuer: expected ${'ISSUER'}, got https://token.actions.example.com`,
    ],
    [
      'an expired token',
      () => issuer.mint(actionsClaims({ exp: seconds() - 1 })),
      'failed to validate OIDC token: failed to parse token: token has invalid claims: token is expired',
    ],
    [
      'a token without exp',
      () => issuer.mint(actionsClaims({ exp: undefined })),
      'failed to validate OIDC token: failed to parse token: token has invalid claims: token is missing required claim: exp claim is required',
    ],
    [
      'a token without repository_owner',
      () => issuer.mint(actionsClaims({ repository_owner: undefined })),
      'failed to validate OIDC token: repository owner claim is required',
    ],
    [
      'an unknown key id',
      () => issuer.mint(actionsClaims(), { kid: 'rotated-away' }),
      'failed to validate OIDC token: failed to parse token: token is unverifiable: error while executing keyfunc: failed to get public key: key with ID rotated-away not found',
    ],
    [
      'a token without kid',
      () => issuer.mint(actionsClaims(), { kid: null }),
      'failed to validate OIDC token: failed to parse token: token is unverifiable: error while executing keyfunc: missing kid in token header',
    ],
    [
      'a signature by another key',
      () => issuer.mint(actionsClaims(), { key: strangerKey }),
      'failed to validate OIDC token: failed to parse token: token signature is invalid: crypto/rsa: verification error',
    ],
    [
      'a token that is not a JWT',
      async () => 'not-a-jwt',
      'failed to validate OIDC token: failed to parse token: token is malformed: token contains an invalid number of segments',
    ],
  ];
  for (const [name, mint, reason] of refusals) {
    it(`refuses ${name}`, async () => {
      const reply = await app.post('/v0/auth/github-oidc', { oidc_token: await mint() });
      assert.equal(reply.status, 401, JSON.stringify(reply.body));
      assert.deepEqual(reply.body, {
        title: 'Unauthorized',
        status: 401,
        detail: 'Token exchange failed',
        errors: [{ message: reason.replace('ISSUER', issuer.issuer) }],
      });
    });
  }

  it('is disabled when no audience is configured', async () => {
    const reply = await noAudienceApp.post('/v0/auth/github-oidc', {
      oidc_token: await issuer.mint(actionsClaims()),
    });
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.body['errors'], [
      { message: 'GitHub OIDC exchange disabled: this deployment has no audience configured' },
    ]);
  });
});
