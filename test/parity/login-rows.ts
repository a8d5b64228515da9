import assert from 'node:assert/strict';
import { ParityRow } from './parity-row';

/** The claims of a registry token (its middle part), as any client may read them. */
function claimsOf(registryToken: unknown): Record<string, unknown> {
  assert.equal(typeof registryToken, 'string');
  const payload = (registryToken as string).split('.')[1]!;
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export const LOGIN_ROWS: ParityRow[] = [
  {
    id: 'github-org-owners-only',
    async pin({ registry, github }) {
      github.tokens.set('parity-gh-token', {
        login: 'parity-user',
        scopes: ['read:org'],
        memberships: [
          { org: 'public-member-org', role: 'member' },
          { org: 'owned-org', role: 'admin' },
        ],
      });
      const res = await registry.request('POST', '/v0/auth/github-at', {
        body: { github_token: 'parity-gh-token' },
      });
      assert.equal(res.status, 200, res.text);
      const claims = claimsOf((res.json as { registry_token: unknown }).registry_token);
      assert.equal(claims['auth_method'], 'github-at');
      assert.deepEqual(claims['permissions'], [
        { action: 'publish', resource: 'io.github.parity-user/*' },
        { action: 'publish', resource: 'io.github.owned-org/*' },
      ]);
      assert.deepEqual(
        github.requests.filter((r) => r.authorization === 'Bearer parity-gh-token').map((r) => r.url),
        ['/user', '/user/memberships/orgs?state=active&per_page=100&page=1'],
        "the role comes from the caller's memberships, not from the public list of /users/<login>/orgs",
      );
    },
  },
];
