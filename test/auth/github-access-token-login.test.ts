import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeGitHubApi } from '@test/support/fakes/github';
import { AuthTestApp, TestClock, startAuthApp, tokenPayload } from './auth-test-app';

describe('POST auth/github-at against a GitHub API on loopback', () => {
  const github = new FakeGitHubApi();
  let app: AuthTestApp;

  before(async () => {
    await github.start();
    github.tokens.set('user-only', { login: 'testuser' });
    github.tokens.set('owner', {
      login: 'testuser',
      memberships: [
        { org: 'admin-org', role: 'admin' },
        { org: 'member-org', role: 'member' },
        { org: 'pending-org', role: 'admin', state: 'pending' },
        { org: 'billing-org', role: 'billing_manager' },
        { org: 'org with spaces', role: 'admin' },
      ],
    });
    github.tokens.set('no-read-org', { login: 'testuser', withoutReadOrg: true });
    github.tokens.set('many-orgs', {
      login: 'testuser',
      memberships: [
        ...Array.from({ length: 100 }, (_, i) => ({ org: `member-org-${i}`, role: 'member' as const })),
        { org: 'late-admin-org', role: 'admin' },
      ],
    });
    github.tokens.set('odd-login', {
      login: 'user with spaces',
      memberships: [{ org: 'valid-org', role: 'admin' }],
    });
    app = await startAuthApp(new TestClock(), { githubApiBaseUrl: github.url });
  });
  after(async () => {
    await app.close();
    await github.close();
  });

  const resources = (token: unknown): string[] =>
    ((tokenPayload(token)['permissions'] ?? []) as Array<{ resource: string }>).map((p) => p.resource);

  const grants: Array<[string, string, string[]]> = [
    ['the personal namespace', 'user-only', ['io.github.testuser/*']],
    [
      'owned orgs only (not member, pending, billing or odd names)',
      'owner',
      ['io.github.testuser/*', 'io.github.admin-org/*'],
    ],
    ['the personal namespace to a token without read:org', 'no-read-org', ['io.github.testuser/*']],
    ['an owned org on a later page', 'many-orgs', ['io.github.testuser/*', 'io.github.late-admin-org/*']],
    ['nothing to an odd login', 'odd-login', []],
  ];
  for (const [name, token, expected] of grants) {
    it(`grants ${name}`, async () => {
      const reply = await app.post('/v0/auth/github-at', { github_token: token });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const payload = tokenPayload(reply.body['registry_token']);
      assert.equal(payload['auth_method'], 'github-at');
      assert.deepEqual(resources(reply.body['registry_token']), expected);
    });
  }

  it('sends the token and GitHub API headers upstream', async () => {
    github.requests.length = 0;
    await app.post('/v0.1/auth/github-at', { github_token: 'user-only' });
    assert.deepEqual(
      github.requests.map((r) => [r.url, r.authorization]),
      [
        ['/user', 'Bearer user-only'],
        ['/user/memberships/orgs?state=active&per_page=100&page=1', 'Bearer user-only'],
      ],
    );
  });

  const unauthorized = { title: 'Unauthorized', status: 401, detail: 'Token exchange failed' };

  it('refuses a bad token with a bare 401 (upstream bodies are not echoed)', async () => {
    const reply = await app.post('/v0/auth/github-at', { github_token: 'nope' });
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.body, unauthorized);
  });

  const failClosed: Array<[string, { status: number; headers?: Record<string, string>; body: unknown }]> = [
    [
      'a rate-limited memberships call',
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0' },
        body: { message: 'API rate limit exceeded' },
      },
    ],
    [
      'a secondary rate limit',
      { status: 403, headers: { 'retry-after': '60' }, body: { message: 'secondary rate limit' } },
    ],
    [
      'an SSO-protected org',
      {
        status: 403,
        headers: { 'x-github-sso': 'required; url=https://github.com/orgs/x/sso' },
        body: { message: 'SAML' },
      },
    ],
    ['a server error listing orgs', { status: 500, body: { message: 'Internal server error' } }],
  ];
  for (const [name, response] of failClosed) {
    it(`fails closed on ${name}`, async () => {
      github.nextMembershipsResponse = response;
      const reply = await app.post('/v0/auth/github-at', { github_token: 'owner' });
      assert.equal(reply.status, 401);
      assert.deepEqual(reply.body, unauthorized);
    });
  }

  it('answers 422 without a github_token', async () => {
    const reply = await app.post('/v0/auth/github-at', {});
    assert.equal(reply.status, 422);
    assert.deepEqual(reply.body['errors'], [
      { message: 'expected required property github_token to be present', location: 'body', value: {} },
    ]);
  });
});
