import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GITHUB_PROOF_REQUIREMENTS } from '@registry/namespace-proof';
import { FakeGitHubApi, FakeGitHubMembership } from '@test/support/fakes/github';
import { NamespaceClaimsClient, TEST_EXTENSION } from '@test/support/namespace-claims-client';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

/**
 * The github method over HTTP against a GitHub API on loopback: io.github.<org> is proven by an
 * Owner's token that may read the membership, refused with a diagnosis naming the missing role or
 * scope otherwise, and watched: an Owner demoted to member puts the claim in grace, then revokes it.
 * Time is the verifier's own, shortened through the environment (the runtime has no clock hook).
 */
describe('namespace claims by GitHub organisation role, over HTTP', () => {
  const github = new FakeGitHubApi();
  let registry: RegistryUnderTest;
  let alice: NamespaceClaimsClient;

  const membership = (token: string, org: string): FakeGitHubMembership => {
    const found = github.tokens.get(token)?.memberships?.find((m) => m.org === org);
    assert.ok(found, `${token} is a member of ${org}`);
    return found;
  };
  const publish = async (token: string, name: string, version: string) =>
    (await alice.call('POST', '/v0.1/publish', serverJson(name, version), token)).status;

  before(async () => {
    await github.start();
    // Olivia owns acme and delta; her token reads memberships (read:org).
    github.tokens.set('olivia-token', {
      login: 'olivia',
      scopes: ['read:org', 'repo'],
      memberships: [
        { org: 'acme', role: 'admin' },
        { org: 'delta', role: 'admin' },
      ],
    });
    github.tokens.set('mo-token', {
      login: 'mo',
      scopes: ['read:org'],
      memberships: [{ org: 'beta', role: 'member' }],
    });
    // Nina owns gamma, but this token of hers lacks read:org: GitHub hides the membership.
    github.tokens.set('nina-repo-token', {
      login: 'nina',
      scopes: ['repo'],
      memberships: [{ org: 'gamma', role: 'admin' }],
    });
    github.tokens.set('nina-org-token', {
      login: 'nina',
      scopes: ['read:org'],
      memberships: [{ org: 'gamma', role: 'admin' }],
    });
    registry = await RegistryUnderTest.start({
      MCP_REGISTRY_GITHUB_API_URL: github.url,
      MCP_REGISTRY_NAMESPACE_SWEEP_MS: '100',
      MCP_REGISTRY_NAMESPACE_FIRST_RETRY_MS: '100',
      MCP_REGISTRY_NAMESPACE_PENDING_WINDOW_MS: '1000',
      MCP_REGISTRY_NAMESPACE_RECHECK_INTERVAL_MS: '1000',
      MCP_REGISTRY_NAMESPACE_GRACE_MS: '3000',
    });
    alice = new NamespaceClaimsClient(registry.baseUrl, await registry.token([], 'alice'));
  });
  after(async () => {
    await registry?.close();
    await github.close();
  });

  it("proves an organisation with an Owner's token and says what the method needs", async () => {
    const claimed = await alice.claim({
      namespace: 'io.github.acme',
      method: 'github',
      githubToken: 'olivia-token',
    });
    assert.equal(claimed.status, 'pending');
    assert.equal(claimed.challenge, undefined, 'the github method has no challenge to publish');
    assert.deepEqual(claimed.proof, {
      account: 'acme',
      requirements: GITHUB_PROOF_REQUIREMENTS,
      covers: ['io.github.acme/*'],
    });
    const requirements = String(claimed.proof.requirements);
    assert.match(requirements, /an Owner of the organisation \(membership active, role admin\)/);
    assert.match(requirements, /read:org scope/);
    assert.match(requirements, /Members: read/);

    const verified = await alice.untilStatus(claimed.id, 'verified');
    assert.equal(verified.diagnosis, undefined);
    assert.match(verified.reason, new RegExp(`proven: GET ${github.url}/user/memberships/orgs/acme`));
    const asked = github.requests.filter((r) => r.authorization === 'Bearer olivia-token').map((r) => r.url);
    assert.ok(asked.includes('/user/memberships/orgs/acme'), JSON.stringify(asked));

    // The GitHub token is kept for the rechecks but never shown again.
    for (const answer of [await alice.call('GET', `${TEST_EXTENSION}/namespaces`), claimed]) {
      assert.ok(!JSON.stringify(answer).includes('olivia-token'), 'the token is not in the answer');
    }
    const feed = await alice.call('GET', `${TEST_EXTENSION}/changes?after=0&limit=100`);
    assert.ok(!feed.text.includes('olivia-token'), 'nor in the feed');

    // A user namespace: the user's own token, no organisation role needed.
    const user = await alice.claim({
      namespace: 'io.github.olivia',
      method: 'github',
      githubToken: 'olivia-token',
    });
    const proven = await alice.untilStatus(user.id, 'verified');
    assert.match(proven.reason, new RegExp(`proven: GET ${github.url}/user$`));
  });

  it('fails a claim without the role or the scope, naming what is missing; the fix then proves it', async () => {
    const member = await alice.claim({
      namespace: 'io.github.beta',
      method: 'github',
      githubToken: 'mo-token',
    });
    const narrow = await alice.claim({
      namespace: 'io.github.gamma',
      method: 'github',
      githubToken: 'nina-repo-token',
    });
    const unknown = await alice.claim({
      namespace: 'io.github.epsilon',
      method: 'github',
      githubToken: 'expired-token',
    });

    // The pending window (1 s here) ends without a proof: failed, with what the last check found.
    const notOwner = await alice.untilStatus(member.id, 'failed');
    assert.deepEqual(
      { ...notOwner.diagnosis, message: undefined },
      {
        code: 'github-not-owner',
        message: undefined,
        checked: `GET ${github.url}/user/memberships/orgs/beta`,
        expected: 'role admin (Owner)',
        seen: 'role member',
      },
    );
    assert.match(notOwner.diagnosis!.message, /mo is a member, not an Owner/);
    assert.match(notOwner.reason, /^no proof within the pending window: .*not an Owner/);

    const noScope = await alice.untilStatus(narrow.id, 'failed');
    assert.equal(noScope.diagnosis?.code, 'github-scope-missing', JSON.stringify(noScope.diagnosis));
    assert.equal(noScope.diagnosis?.expected, 'scope read:org (or write:org, admin:org)');
    assert.equal(noScope.diagnosis?.seen, 'scopes: repo');
    assert.match(noScope.diagnosis?.message ?? '', /with the read:org scope .* but it has only repo/);

    const badToken = await alice.untilStatus(unknown.id, 'failed');
    assert.equal(badToken.diagnosis?.code, 'github-token-invalid', JSON.stringify(badToken.diagnosis));
    assert.equal(badToken.diagnosis?.seen, 'HTTP 401: Bad credentials');

    // Made an Owner, the member's verify proves it: a new pending window, checked at once.
    membership('mo-token', 'beta').role = 'admin';
    const promoted = await alice.verify(member.id);
    assert.equal(promoted.status, 'verified', JSON.stringify(promoted));
    assert.equal(promoted.diagnosis, undefined);

    // A token with read:org, given with verify, replaces the narrow one for good (rechecks use it).
    const rescoped = await alice.verify(narrow.id, { githubToken: 'nina-org-token' });
    assert.equal(rescoped.status, 'verified', JSON.stringify(rescoped));
    assert.ok(!JSON.stringify(rescoped).includes('nina-org-token'));
  });

  it('publishes with a key; an Owner demoted to member brings grace, then revocation; promoted, restored', async () => {
    const claimed = await alice.claim({
      namespace: 'io.github.delta',
      method: 'github',
      githubToken: 'olivia-token',
    });
    await alice.untilStatus(claimed.id, 'verified');
    const { key, id: keyId } = await alice.mintKey(claimed.id, 'ci');
    const exchanged = await alice.exchange(key);
    assert.equal(exchanged.status, 200);
    const keyToken = exchanged.token!;
    assert.equal(await publish(keyToken, 'io.github.delta/tool', '1.0.0'), 200);
    assert.equal(await publish(keyToken, 'io.github.acme/tool', '1.0.0'), 403, 'the key is for delta only');
    assert.ok((await alice.get(claimed.id)).keys[0]!.lastUsedAt, 'the use is recorded');

    membership('olivia-token', 'delta').role = 'member';
    const grace = await alice.untilStatus(claimed.id, 'grace');
    assert.equal(grace.diagnosis?.code, 'github-not-owner', JSON.stringify(grace.diagnosis));
    assert.equal(grace.diagnosis?.seen, 'role member');
    assert.match(grace.reason, /^the proof is gone: .*olivia is a member, not an Owner/);
    assert.ok(grace.graceEndsAt);
    // Publishing goes on during the grace (3 s here).
    assert.equal(await publish(keyToken, 'io.github.delta/tool', '1.0.1'), 200);

    const revoked = await alice.untilStatus(claimed.id, 'revoked');
    assert.match(revoked.reason, /^the grace ended without the proof: /);
    assert.equal(await publish(keyToken, 'io.github.delta/tool', '1.0.2'), 403);
    assert.equal((await alice.exchange(key)).status, 401);

    membership('olivia-token', 'delta').role = 'admin';
    const restored = await alice.untilStatus(claimed.id, 'verified');
    assert.match(restored.reason, /^proven again: /);
    const again = await alice.exchange(key);
    assert.equal(again.status, 200);
    assert.equal(await publish(again.token!, 'io.github.delta/tool', '1.0.2'), 200);

    const revokedKey = await alice.call('DELETE', `${TEST_EXTENSION}/namespaces/${claimed.id}/keys/${keyId}`);
    assert.equal(revokedKey.status, 204);
    assert.equal((await alice.exchange(key)).status, 401);
    assert.equal(
      await publish(again.token!, 'io.github.delta/tool', '1.0.3'),
      403,
      'its tokens stop at once',
    );

    const feed = await alice.call<{ changes: Array<{ type: string; data: Record<string, unknown> }> }>(
      'GET',
      `${TEST_EXTENSION}/changes?after=0&limit=100`,
    );
    const statuses = feed.json.changes
      .filter((c) => c.type === 'namespace.claim-status-changed' && c.data.namespace === 'io.github.delta')
      .map((c) => c.data.status);
    assert.deepEqual(statuses, ['verified', 'grace', 'revoked', 'verified']);
  });
});
