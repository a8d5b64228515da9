import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { NamespaceProofResult } from '@registry/application/ports/namespace-proof.port';
import { CompositeNamespaceProofChecker, GITHUB_PROOF_REQUIREMENTS } from '@registry/namespace-proof';
import { FakeGitHubApi } from '@test/support/fakes/github';

function failure(result: NamespaceProofResult) {
  assert.equal(result.outcome, 'failed', JSON.stringify(result));
  if (result.outcome !== 'failed') throw new Error('unreachable');
  return result;
}

describe('github namespace proof against a GitHub API on loopback', () => {
  const github = new FakeGitHubApi();
  let checker: CompositeNamespaceProofChecker;

  before(async () => {
    await github.start();
    github.tokens.set('alice-token', {
      login: 'alice',
      scopes: ['read:org', 'repo'],
      memberships: [
        { org: 'acme', role: 'admin' },
        { org: 'beta', role: 'member' },
        { org: 'gamma', role: 'admin', state: 'pending' },
      ],
    });
    github.tokens.set('bob-token', { login: 'bob' });
    github.tokens.set('narrow-token', {
      login: 'carol',
      scopes: ['repo'],
      memberships: [{ org: 'acme', role: 'admin' }],
    });
    github.tokens.set('no-read-org', { login: 'dave', withoutReadOrg: true });
    github.tokens.set('fine-grained', { login: 'erin' });
    github.accountTypes.set('delta', 'Organization');
    checker = new CompositeNamespaceProofChecker({
      dnsResolvers: [],
      githubApiBaseUrl: github.url,
      allowPrivateAddresses: false,
    });
  });
  beforeEach(() => {
    github.requests.length = 0;
    github.acceptedOAuthScopes = undefined;
    github.nextMembershipsResponse = undefined;
  });
  after(async () => {
    await github.close();
  });

  const check = (namespace: string, githubToken: string | undefined) =>
    checker.check({ namespace, method: 'github', token: 'unused-by-github', githubToken });
  const membershipsUrl = (org: string): string => `GET ${github.url}/user/memberships/orgs/${org}`;

  it('proves a user namespace with the user’s own token, whatever the case', async () => {
    assert.deepEqual(await check('io.github.Alice', 'alice-token'), {
      outcome: 'proven',
      checked: `GET ${github.url}/user`,
    });
    assert.deepEqual(
      github.requests.map((r) => [r.url, r.authorization]),
      [['/user', 'Bearer alice-token']],
    );
  });

  it('proves an organisation namespace with an Owner’s token', async () => {
    assert.deepEqual(await check('io.github.acme', 'alice-token'), {
      outcome: 'proven',
      checked: membershipsUrl('acme'),
    });
  });

  it('says github-not-owner for an ordinary member', async () => {
    const { diagnosis, retryable } = failure(await check('io.github.beta', 'alice-token'));
    assert.equal(diagnosis.code, 'github-not-owner');
    assert.equal(retryable, false);
    assert.equal(diagnosis.checked, membershipsUrl('beta'));
    assert.equal(diagnosis.expected, 'role admin (Owner)');
    assert.equal(diagnosis.seen, 'role member');
  });

  it('says github-not-member for a pending invitation', async () => {
    const { diagnosis } = failure(await check('io.github.gamma', 'alice-token'));
    assert.equal(diagnosis.code, 'github-not-member');
    assert.equal(diagnosis.seen, 'invitation pending (role admin)');
    assert.match(diagnosis.message, /accept it/);
  });

  it('says github-not-member for an organisation the account is not in', async () => {
    const { diagnosis, retryable } = failure(await check('io.github.delta', 'alice-token'));
    assert.equal(diagnosis.code, 'github-not-member');
    assert.equal(retryable, false);
    assert.equal(diagnosis.seen, 'no membership (404)');
  });

  it('says github-not-member to a fine-grained token (no scopes header) that sees no membership', async () => {
    const { diagnosis } = failure(await check('io.github.acme', 'fine-grained'));
    assert.equal(diagnosis.code, 'github-not-member');
    assert.match(diagnosis.message, /resource owner/);
  });

  it('says github-account-mismatch when the namespace is another user', async () => {
    const { diagnosis } = failure(await check('io.github.bob', 'alice-token'));
    assert.equal(diagnosis.code, 'github-account-mismatch');
    assert.equal(diagnosis.checked, `GET ${github.url}/users/bob`);
    assert.equal(diagnosis.seen, 'a token of alice');
  });

  it('says github-scope-missing when a classic token lacks read:org and GitHub hides the membership', async () => {
    const { diagnosis, retryable } = failure(await check('io.github.acme', 'narrow-token'));
    assert.equal(diagnosis.code, 'github-scope-missing');
    assert.equal(retryable, false);
    assert.equal(diagnosis.seen, 'scopes: repo');
    assert.match(diagnosis.message, /read:org/);
  });

  it('goes by X-Accepted-OAuth-Scopes when GitHub sends it', async () => {
    github.acceptedOAuthScopes = 'admin:org, read:org, repo, user, write:org';
    const { diagnosis } = failure(await check('io.github.acme', 'narrow-token'));
    assert.equal(diagnosis.code, 'github-not-member');
  });

  it('says github-scope-missing when GitHub refuses the membership call with 403', async () => {
    const { diagnosis } = failure(await check('io.github.acme', 'no-read-org'));
    assert.equal(diagnosis.code, 'github-scope-missing');
    assert.match(diagnosis.seen ?? '', /^HTTP 403: You need at least read:org/);
  });

  it('says github-token-invalid for a token GitHub does not know', async () => {
    const { diagnosis, retryable } = failure(await check('io.github.alice', 'revoked'));
    assert.equal(diagnosis.code, 'github-token-invalid');
    assert.equal(retryable, false);
    assert.equal(diagnosis.seen, 'HTTP 401: Bad credentials');
  });

  it('says github-token-invalid, asking for a token, when the claim has none', async () => {
    const { diagnosis } = failure(await check('io.github.alice', undefined));
    assert.equal(diagnosis.code, 'github-token-invalid');
    assert.equal(diagnosis.seen, 'no token');
    assert.match(diagnosis.message, /carries none; give a token of the user itself .*read:org/);
    assert.equal(github.requests.length, 0);
  });

  it('says github-sso-required with the authorization URL', async () => {
    github.nextMembershipsResponse = {
      status: 403,
      headers: { 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=A1' },
      body: { message: 'Resource protected by organization SAML enforcement.' },
    };
    const { diagnosis, retryable } = failure(await check('io.github.acme', 'alice-token'));
    assert.equal(diagnosis.code, 'github-sso-required');
    assert.equal(retryable, false);
    assert.match(diagnosis.message, /authorize it at https:\/\/github\.com\/orgs\/acme\/sso/);
  });

  it('says github-rate-limited, retryable, for a 403 with the limit spent', async () => {
    github.nextMembershipsResponse = {
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767225600' },
      body: { message: 'API rate limit exceeded' },
    };
    const { diagnosis, retryable } = failure(await check('io.github.acme', 'alice-token'));
    assert.equal(diagnosis.code, 'github-rate-limited');
    assert.equal(retryable, true);
    assert.match(diagnosis.message, /resets at 2026-01-01T00:00:00\.000Z/);
  });

  it('says github-rate-limited, retryable, for a 429 with Retry-After', async () => {
    github.nextMembershipsResponse = { status: 429, headers: { 'retry-after': '60' }, body: {} };
    const { diagnosis, retryable } = failure(await check('io.github.acme', 'alice-token'));
    assert.equal(diagnosis.code, 'github-rate-limited');
    assert.equal(retryable, true);
    assert.match(diagnosis.message, /retry after 60 s/);
  });

  it('says github-error, retryable, for a 502', async () => {
    github.nextMembershipsResponse = { status: 502, body: { message: 'Server Error' } };
    const { diagnosis, retryable } = failure(await check('io.github.acme', 'alice-token'));
    assert.equal(diagnosis.code, 'github-error');
    assert.equal(retryable, true);
    assert.equal(diagnosis.seen, 'HTTP 502: Server Error');
  });

  it('says github-error, not retryable, for an unexpected client error', async () => {
    github.nextMembershipsResponse = { status: 422, body: { message: 'Validation Failed' } };
    const { retryable, diagnosis } = failure(await check('io.github.acme', 'alice-token'));
    assert.equal(diagnosis.code, 'github-error');
    assert.equal(retryable, false);
  });

  it('states the requirements a publisher reads before claiming', () => {
    assert.match(GITHUB_PROOF_REQUIREMENTS, /role admin/);
    assert.match(GITHUB_PROOF_REQUIREMENTS, /read:org/);
    assert.match(GITHUB_PROOF_REQUIREMENTS, /Members: read/);
  });

  it('never puts the token into a diagnosis', async () => {
    for (const namespace of ['io.github.beta', 'io.github.delta', 'io.github.bob']) {
      const result = await check(namespace, 'alice-token');
      assert.ok(!JSON.stringify(result).includes('alice-token'), namespace);
    }
  });

  for (const namespace of ['com.example', 'io.github.alice.team', 'io.github.-x', 'io.github']) {
    it(`refuses to check ${namespace}, which the github method cannot prove`, async () => {
      const result = await check(namespace, 'alice-token');
      assert.equal(result.outcome, 'failed');
      assert.equal(result.outcome === 'failed' ? result.diagnosis.code : '', 'namespace-refused');
      assert.equal(result.outcome === 'failed' ? result.retryable : true, false);
    });
  }
});
