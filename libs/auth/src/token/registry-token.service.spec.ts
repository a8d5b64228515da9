import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { AuthOptions } from '../auth-options';
import { RegistryTokenError, RegistryTokenService } from './registry-token.service';
import { registryTokenKeyFromSeed } from './registry-token-key';

const SEED = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const T0 = new Date('2025-06-01T12:00:00.000Z');

function service(now: () => Date, overrides: Partial<AuthOptions> = {}): RegistryTokenService {
  return new RegistryTokenService({
    jwtPrivateKeyHex: SEED,
    enableAnonymousAuth: false,
    githubApiBaseUrl: 'https://api.github.com',
    githubOidcIssuer: 'https://token.actions.githubusercontent.com',
    githubOidcAudience: 'mcp-registry',
    oidc: {
      enabled: false,
      issuer: '',
      clientId: '',
      extraClaims: [],
      editPermissions: [],
      publishPermissions: [],
    },
    dnsResolvers: [],
    outboundAllowPrivate: false,
    now,
    ...overrides,
  });
}

const decodePart = (token: string, index: number): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8')) as Record<string, unknown>;

const grant = {
  authMethod: 'github-at',
  authMethodSubject: 'testuser',
  permissions: [{ action: 'publish' as const, resource: 'io.github.testuser/*' }],
};

describe('registry token key', () => {
  it('derives the RFC 8032 test-vector public key from its seed', () => {
    const { publicKey } = registryTokenKeyFromSeed(
      '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    );
    const x = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
    assert.equal(x, 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  });

  for (const [name, seed, message] of [
    ['too short', 'abcd', 'JWT private key seed must be exactly 32 bytes for Ed25519, got 2 bytes'],
    ['not hex', 'too-short-key', 'JWT private key must be a valid hex-encoded string'],
  ] as const) {
    it(`refuses a seed that is ${name}`, () => {
      assert.throws(() => registryTokenKeyFromSeed(seed), { message });
    });
  }
});

describe('RegistryTokenService', () => {
  it('signs an EdDSA token with the official claims and a 5-minute expiry', async () => {
    const response = await service(() => T0).sign(grant);
    assert.equal(response.expires_at, T0.getTime() / 1000 + 300);
    assert.deepEqual(decodePart(response.registry_token, 0), { alg: 'EdDSA', typ: 'JWT' });
    const payload = decodePart(response.registry_token, 1);
    assert.deepEqual(Object.keys(payload), [
      'iss',
      'exp',
      'nbf',
      'iat',
      'auth_method',
      'auth_method_sub',
      'permissions',
    ]);
    assert.equal(payload['iss'], 'mcp-registry');
    assert.equal(payload['iat'], T0.getTime() / 1000);
    assert.equal(payload['nbf'], T0.getTime() / 1000);
    assert.deepEqual(payload['permissions'], [{ action: 'publish', resource: 'io.github.testuser/*' }]);
  });

  it('verifies its own token into claims', async () => {
    const tokens = service(() => T0);
    const claims = await tokens.verify((await tokens.sign(grant)).registry_token);
    assert.deepEqual(claims, {
      authMethod: 'github-at',
      authMethodSubject: 'testuser',
      permissions: grant.permissions,
      issuedAt: T0,
      expiresAt: new Date(T0.getTime() + 300_000),
    });
  });

  it('writes an empty grant as null, as the official registry does, and reads it back as []', async () => {
    const tokens = service(() => T0);
    const { registry_token } = await tokens.sign({ ...grant, permissions: [] });
    assert.equal(decodePart(registry_token, 1)['permissions'], null);
    assert.deepEqual((await tokens.verify(registry_token)).permissions, []);
  });

  it('keeps custom times and issuer', async () => {
    const tokens = service(() => T0);
    const issuedAt = new Date(T0.getTime() - 60_000);
    const expiresAt = new Date(T0.getTime() + 600_000);
    const { registry_token, expires_at } = await tokens.sign({
      ...grant,
      issuedAt,
      expiresAt,
      issuer: 'custom-issuer',
    });
    assert.equal(expires_at, expiresAt.getTime() / 1000);
    assert.equal(decodePart(registry_token, 1)['iss'], 'custom-issuer');
    assert.deepEqual((await tokens.verify(registry_token)).issuedAt, issuedAt);
  });

  const expiryCases: Array<[string, number, string | undefined]> = [
    ['one second before expiry', 299_000, undefined],
    ['at the expiry second', 300_000, 'failed to parse token: token has invalid claims: token is expired'],
    ['an hour later', 3_600_000, 'failed to parse token: token has invalid claims: token is expired'],
  ];
  for (const [name, elapsed, error] of expiryCases) {
    it(`checks expiry with the injected clock: ${name}`, async () => {
      let now = T0;
      const tokens = service(() => now);
      const { registry_token } = await tokens.sign(grant);
      now = new Date(T0.getTime() + elapsed);
      if (error === undefined) await tokens.verify(registry_token);
      else
        await assert.rejects(tokens.verify(registry_token), { name: 'RegistryTokenError', message: error });
    });
  }

  it('refuses a token it verified (and cached) once it expires', async () => {
    let now = T0;
    const tokens = service(() => now);
    const { registry_token } = await tokens.sign(grant);
    await tokens.verify(registry_token);
    await tokens.verify(registry_token);
    now = new Date(T0.getTime() + 300_000);
    await assert.rejects(tokens.verify(registry_token), {
      message: 'failed to parse token: token has invalid claims: token is expired',
    });
  });

  it('refuses a token before its nbf', async () => {
    const tokens = service(() => T0);
    const { registry_token } = await tokens.sign({ ...grant, notBefore: new Date(T0.getTime() + 10_000) });
    await assert.rejects(tokens.verify(registry_token), {
      message: 'failed to parse token: token has invalid claims: token is not valid yet',
    });
  });

  it('refuses a token signed with another seed', async () => {
    const other = service(() => T0, { jwtPrivateKeyHex: 'ab'.repeat(32) });
    const { registry_token } = await other.sign(grant);
    await assert.rejects(service(() => T0).verify(registry_token), {
      message: 'failed to parse token: token signature is invalid: ed25519: verification error',
    });
  });

  it('refuses a tampered token', async () => {
    const tokens = service(() => T0);
    const { registry_token } = await tokens.sign(grant);
    await assert.rejects(tokens.verify(`${registry_token}tampered`), RegistryTokenError);
  });

  it('refuses a malformed token', async () => {
    await assert.rejects(service(() => T0).verify('not.a.valid.token'), {
      message: 'failed to parse token: token is malformed: token contains an invalid number of segments',
    });
  });

  it('refuses another algorithm even with a valid signature', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = await new SignJWT({ exp: T0.getTime() / 1000 + 60 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    await assert.rejects(service(() => T0).verify(token), {
      message: 'failed to parse token: token signature is invalid: signing method RS256 is invalid',
    });
  });

  it('requires exp', async () => {
    const { privateKey } = registryTokenKeyFromSeed(SEED);
    const token = await new SignJWT({ auth_method: 'none' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(privateKey);
    await assert.rejects(service(() => T0).verify(token), {
      message:
        'failed to parse token: token has invalid claims: token is missing required claim: exp claim is required',
    });
  });

  describe('blocked namespaces', () => {
    const blocked = service(() => T0, { blockedNamespaces: ['io.github.spammer', 'io.github.badorg'] });
    const cases: Array<[string, string[], boolean]> = [
      ['a blocked namespace is refused', ['io.github.spammer/*'], false],
      ['another namespace is signed', ['io.github.gooduser/*'], true],
      ['one blocked grant among others is refused', ['io.github.user/*', 'io.github.badorg/*'], false],
      ['a global grant bypasses the deny list', ['*'], true],
    ];
    for (const [name, resources, signs] of cases) {
      it(name, async () => {
        const attempt = blocked.sign({
          ...grant,
          permissions: resources.map((resource) => ({ action: 'publish', resource })),
        });
        if (signs) await attempt;
        else await assert.rejects(attempt, { message: /^your namespace is blocked/ });
      });
    }
  });
});
