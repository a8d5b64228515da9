import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HTTP_PROOF_PATH } from '@registry/namespace-proof';
import { FakeWebServer } from '@test/support/fakes/web-server';
import { NamespaceClaimsClient, TEST_EXTENSION } from '@test/support/namespace-claims-client';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

/**
 * The http method over HTTP: the well-known file of each domain is served by one plain-HTTP server on
 * loopback that stands in for https://<domain> (MCP_REGISTRY_NAMESPACE_HTTP_BASE_URL, a tests-only
 * setting, with MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE=true). Each way the file can be wrong is named in
 * the claim's answer; the right file proves the claim, and its removal brings grace, then revocation.
 */
describe('namespace claims by a well-known file over HTTP', () => {
  const web = new FakeWebServer();
  let registry: RegistryUnderTest;
  let alice: NamespaceClaimsClient;

  before(async () => {
    await web.start();
    registry = await RegistryUnderTest.start({
      MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
      MCP_REGISTRY_NAMESPACE_HTTP_BASE_URL: web.baseUrlTemplate,
      MCP_REGISTRY_NAMESPACE_SWEEP_MS: '100',
      MCP_REGISTRY_NAMESPACE_FIRST_RETRY_MS: '100',
      MCP_REGISTRY_NAMESPACE_RECHECK_INTERVAL_MS: '1000',
      MCP_REGISTRY_NAMESPACE_GRACE_MS: '1500',
    });
    alice = new NamespaceClaimsClient(registry.baseUrl, await registry.token([], 'alice'));
  });
  after(async () => {
    await registry?.close();
    await web.close();
  });

  it('diagnoses a missing file, a server error, a wrong body and a redirect, then proves the right file', async () => {
    const claim = await alice.claim({ namespace: 'com.example', method: 'http' });
    assert.equal(claim.status, 'pending');
    const token = claim.challenge!;
    assert.deepEqual(claim.proof, {
      url: `https://example.com${HTTP_PROOF_PATH}`,
      body: token,
      covers: ['com.example/*'],
    });
    const url = web.urlOf('example.com', HTTP_PROOF_PATH);

    const missing = await alice.verify(claim.id);
    assert.equal(missing.status, 'pending');
    assert.deepEqual(missing.diagnosis, {
      code: 'http-status',
      message: `Expected ${url} to answer 200 with the body "${token}", but it answered HTTP 404; publish the file so that it is served with status 200.`,
      checked: `GET ${url}`,
      expected: token,
      seen: 'HTTP 404',
    });

    web.serve('example.com', HTTP_PROOF_PATH, { status: 503, body: 'maintenance' });
    const down = await alice.verify(claim.id);
    assert.equal(down.diagnosis?.code, 'http-status');
    assert.equal(down.diagnosis?.seen, 'HTTP 503');
    assert.match(down.diagnosis?.message ?? '', /answered HTTP 503; the check is retried/);

    web.serve('example.com', HTTP_PROOF_PATH, { status: 200, body: 'an-old-token\n' });
    const wrong = await alice.verify(claim.id);
    assert.equal(wrong.diagnosis?.code, 'wrong-body', JSON.stringify(wrong.diagnosis));
    assert.equal(wrong.diagnosis?.seen, '"an-old-token"');
    assert.match(wrong.diagnosis?.message ?? '', /make the file hold exactly the token of this claim/);

    web.serve('example.com', HTTP_PROOF_PATH, {
      status: 301,
      headers: { location: `https://www.example.com${HTTP_PROOF_PATH}` },
    });
    const moved = await alice.verify(claim.id);
    assert.equal(moved.diagnosis?.code, 'redirect', JSON.stringify(moved.diagnosis));
    assert.equal(moved.diagnosis?.seen, `https://www.example.com${HTTP_PROOF_PATH}`);
    assert.match(
      moved.diagnosis?.message ?? '',
      /redirects are not followed; serve the file at this very URL/,
    );
    assert.equal((await alice.get(claim.id)).status, 'pending', 'nothing so far proved the claim');

    // The token with the line ending editors add: the verifier's own sweep finds it.
    web.serve('example.com', HTTP_PROOF_PATH, { status: 200, body: `${token}\n` });
    const verified = await alice.untilStatus(claim.id, 'verified');
    assert.equal(verified.diagnosis, undefined);
    assert.equal(verified.reason, `proven: GET ${url}`);
  });

  it('publishes with a key; the file removed brings grace, then revocation; served again, restored', async () => {
    const claim = await alice.claim({ namespace: 'org.example', method: 'http' });
    web.serve('example.org', HTTP_PROOF_PATH, { status: 200, body: claim.challenge! });
    await alice.untilStatus(claim.id, 'verified');

    const { key } = await alice.mintKey(claim.id, 'ci');
    const exchanged = await alice.exchange(key);
    assert.equal(exchanged.status, 200);
    const publish = async (name: string, version: string) =>
      (await alice.call('POST', '/v0.1/publish', serverJson(name, version), exchanged.token)).status;
    assert.equal(await publish('org.example/api', '1.0.0'), 200);
    assert.equal(await publish('org.example.eu/api', '1.0.0'), 403, 'a file proves its own domain only');

    web.remove('example.org', HTTP_PROOF_PATH);
    const grace = await alice.untilStatus(claim.id, 'grace');
    assert.equal(grace.diagnosis?.code, 'http-status');
    assert.equal(grace.diagnosis?.seen, 'HTTP 404');
    assert.match(grace.reason, /^the proof is gone: /);
    const revoked = await alice.untilStatus(claim.id, 'revoked');
    assert.match(revoked.reason, /^the grace ended without the proof: /);
    assert.equal(await publish('org.example/api', '1.0.1'), 403);
    assert.equal((await alice.exchange(key)).status, 401);

    web.serve('example.org', HTTP_PROOF_PATH, { status: 200, body: claim.challenge! });
    const restored = await alice.untilStatus(claim.id, 'verified');
    assert.match(restored.reason, /^proven again: /);
    assert.equal((await alice.exchange(key)).status, 200);

    const feed = await alice.call<{ changes: Array<{ type: string; data: Record<string, unknown> }> }>(
      'GET',
      `${TEST_EXTENSION}/changes?after=0&limit=100`,
    );
    const statuses = feed.json.changes
      .filter((c) => c.type === 'namespace.claim-status-changed' && c.data.namespace === 'org.example')
      .map((c) => c.data.status);
    assert.deepEqual(statuses, ['verified', 'grace', 'revoked', 'verified']);
  });
});
