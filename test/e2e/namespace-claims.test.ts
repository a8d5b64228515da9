import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeDnsServer } from '@test/support/fakes/dns';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

const NS = 'io.github.test-registry';
const X = `/v0.1/x/${NS}`;
const CHALLENGE_NAME = '_mcp-registry-challenge.example.com';

interface Claim {
  id: string;
  namespace: string;
  method: string;
  status: string;
  reason: string;
  statusChangedAt: string;
  challenge: string;
  expiresAt?: string;
  graceEndsAt?: string;
  proof: { type?: string; name?: string; value?: string; covers: string[] };
  diagnosis?: { code: string; message: string; checked: string; expected?: string; seen?: string };
  keys: Array<{ id: string; name: string; prefix: string; lastUsedAt: string | null; revokedAt?: string }>;
}

interface Standing {
  claimId: string;
  namespace: string;
  method: string;
  status: string;
  since: string;
}

async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) assert.fail(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('namespace claims: proven once, watched, revoked when lost; publisher keys', () => {
  const dns = new FakeDnsServer();
  let registry: RegistryUnderTest;
  let alice: string;
  let bob: string;

  before(async () => {
    await dns.start();
    registry = await RegistryUnderTest.start({
      MCP_REGISTRY_DNS_RESOLVER: dns.address,
      MCP_REGISTRY_NAMESPACE_SWEEP_MS: '100',
      MCP_REGISTRY_NAMESPACE_FIRST_RETRY_MS: '100',
      MCP_REGISTRY_NAMESPACE_RECHECK_INTERVAL_MS: '1000',
      MCP_REGISTRY_NAMESPACE_GRACE_MS: '1500',
    });
    alice = await registry.token([], 'alice');
    bob = await registry.token([], 'bob');
  });
  after(async () => {
    await registry.close();
    await dns.close();
  });

  /** The namespace standing a version shows under the registry's own `_meta` key, as GET answers it. */
  const standingOf = async (name: string, version: string): Promise<Standing | undefined> => {
    const res = await registry.request(
      'GET',
      `/v0.1/servers/${encodeURIComponent(name)}/versions/${version}`,
    );
    assert.equal(res.status, 200, res.text);
    return (res.json as { _meta: Record<string, { namespace?: Standing }> })._meta[`${NS}/entry`]!.namespace;
  };

  const getClaim = async (id: string, token = alice): Promise<Claim> => {
    const res = await registry.request('GET', `${X}/namespaces/${id}`, { token });
    assert.equal(res.status, 200, res.text);
    return res.json as Claim;
  };

  it('refuses what no one can claim, with a clear problem, and stores nothing', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [{ namespace: 'com', method: 'dns' }, 400, /reversed domain|single label/],
      [{ namespace: 'uk.co', method: 'dns' }, 400, /public suffix/],
      [{ namespace: 'io.github.alice', method: 'dns' }, 400, /method "github"/],
      [{ namespace: 'com.example', method: 'carrier-pigeon' }, 422, /validation failed/],
      [{ namespace: 'io.github.alice', method: 'github' }, 400, /githubToken/],
    ];
    for (const [body, status, detail] of cases) {
      const res = await registry.request('POST', `${X}/namespaces`, { token: alice, body });
      assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
      assert.match((res.json as { detail: string }).detail, detail);
    }
    assert.equal((await registry.request('POST', `${X}/namespaces`, { body: {} })).status, 401);
    const list = await registry.request('GET', `${X}/namespaces`, { token: alice });
    assert.deepEqual((list.json as { namespaces: unknown[] }).namespaces, []);
  });

  it('claims, diagnoses, proves, publishes with a key, loses the proof, is revoked, and is restored', async () => {
    const created = await registry.request('POST', `${X}/namespaces`, {
      token: alice,
      body: { namespace: 'com.example', method: 'dns' },
    });
    assert.equal(created.status, 201, created.text);
    const claim = created.json as Claim;
    assert.equal(claim.status, 'pending');
    assert.ok(Buffer.from(claim.challenge, 'base64url').length >= 16, 'at least 128 bits');
    assert.deepEqual(claim.proof, {
      type: 'TXT',
      name: CHALLENGE_NAME,
      value: `mcp-registry-verification=${claim.challenge}`,
      covers: ['com.example/*', 'com.example.*/*'],
    });
    assert.ok(claim.expiresAt);
    // Someone else's claim is not theirs to see.
    assert.equal((await registry.request('GET', `${X}/namespaces/${claim.id}`, { token: bob })).status, 404);

    // Nothing published yet: the check says what it looked for and what it saw.
    let checked = (await registry.request('POST', `${X}/namespaces/${claim.id}/verify`, { token: alice }))
      .json as Claim;
    assert.equal(checked.status, 'pending');
    assert.equal(checked.diagnosis?.code, 'nxdomain');
    assert.match(checked.diagnosis?.checked ?? '', new RegExp(`${CHALLENGE_NAME}$`));

    // The record at the apex, the usual mistake: named as such.
    dns.setTxt('example.com', [`mcp-registry-verification=${claim.challenge}`]);
    checked = (await registry.request('POST', `${X}/namespaces/${claim.id}/verify`, { token: alice }))
      .json as Claim;
    assert.equal(checked.diagnosis?.code, 'record-at-apex', JSON.stringify(checked.diagnosis));

    // No key before the proof.
    const early = await registry.request('POST', `${X}/namespaces/${claim.id}/keys`, {
      token: alice,
      body: {},
    });
    assert.equal(early.status, 409, early.text);

    // The right record: the verifier's own sweep finds it, without another verify.
    dns.txt.delete('example.com');
    dns.setTxt(CHALLENGE_NAME, ['unrelated', `mcp-registry-verification=${claim.challenge}`]);
    const verified = await eventually(
      'verification',
      () => getClaim(claim.id),
      (c) => c.status === 'verified',
    );
    assert.equal(verified.diagnosis, undefined);

    // A publisher key, shown once, then exchanged for a token that publishes in the namespace only.
    const minted = await registry.request('POST', `${X}/namespaces/${claim.id}/keys`, {
      token: alice,
      body: { name: 'ci' },
    });
    assert.equal(minted.status, 201, minted.text);
    const { key, id: keyId, prefix } = minted.json as { key: string; id: string; prefix: string };
    assert.match(key, /^mcpr_[A-Za-z0-9_-]{43}$/);
    assert.ok(key.startsWith(prefix));
    const listed = (await getClaim(claim.id)).keys;
    assert.deepEqual(
      listed.map((k) => [k.id, k.name, k.lastUsedAt]),
      [[keyId, 'ci', null]],
    );
    assert.ok(!JSON.stringify(listed).includes(key), 'the key is never shown again');

    const exchange = await registry.request('POST', `${X}/auth/api-key`, { body: { key } });
    assert.equal(exchange.status, 200, exchange.text);
    const keyToken = (exchange.json as { registry_token: string }).registry_token;
    const publish = (name: string, version: string, token = keyToken) =>
      registry.request('POST', '/v0.1/publish', { token, body: serverJson(name, version) });
    const first = await publish('com.example/api', '1.0.0');
    assert.equal(first.status, 200);
    assert.equal((await publish('com.example.eu/api', '1.0.0')).status, 200, 'dns covers subdomains');
    // Each version shows the claim that speaks for its namespace, from its publish on.
    const verifiedStanding = {
      claimId: claim.id,
      namespace: 'com.example',
      method: 'dns',
      status: 'verified',
      since: (await getClaim(claim.id)).statusChangedAt,
    };
    assert.deepEqual(
      (first.json as { _meta: Record<string, { namespace?: Standing }> })._meta[`${NS}/entry`]!.namespace,
      verifiedStanding,
    );
    assert.deepEqual(await standingOf('com.example/api', '1.0.0'), verifiedStanding);
    assert.deepEqual(await standingOf('com.example.eu/api', '1.0.0'), verifiedStanding);
    assert.equal((await publish('com.other/api', '1.0.0')).status, 403);
    assert.ok((await getClaim(claim.id)).keys[0]!.lastUsedAt, 'the use is recorded');
    const wrong = await registry.request('POST', `${X}/auth/api-key`, { body: { key: `${key}x` } });
    assert.equal(wrong.status, 401);

    // The record goes: grace (publishing goes on), then revoked (publishing stops, for everyone).
    dns.txt.delete(CHALLENGE_NAME);
    const grace = await eventually(
      'grace',
      () => getClaim(claim.id),
      (c) => c.status === 'grace',
    );
    assert.equal(grace.diagnosis?.code, 'nxdomain');
    assert.ok(grace.graceEndsAt);
    const shown = await eventually(
      'the versions showing the grace or what came after',
      () => standingOf('com.example.eu/api', '1.0.0'),
      (s) => s?.status !== 'verified',
    );
    assert.ok(shown?.status === 'grace' || shown?.status === 'revoked', JSON.stringify(shown));
    const revoked = await eventually(
      'revocation',
      () => getClaim(claim.id),
      (c) => c.status === 'revoked',
    );
    assert.match(revoked.reason, /grace ended/);
    const refused = await publish('com.example/api', '1.0.1');
    assert.equal(refused.status, 403);
    assert.match((refused.json as { detail: string }).detail, /no longer verified|is revoked/);
    const domainToken = await registry.token(['com.example/*', 'com.example.*'], 'new-domain-holder');
    const closed = await publish('com.example/api', '1.0.1', domainToken);
    assert.equal(closed.status, 403);
    assert.match((closed.json as { detail: string }).detail, new RegExp(`claim ${claim.id} .* was revoked`));
    assert.equal((await registry.request('POST', `${X}/auth/api-key`, { body: { key } })).status, 401);
    // The existing versions stay listed, and say that their namespace's claim was revoked.
    const revokedStanding = await eventually(
      'the versions showing the revocation',
      () => standingOf('com.example/api', '1.0.0'),
      (s) => s?.status === 'revoked',
    );
    assert.equal(revokedStanding?.since, revoked.statusChangedAt);

    // A new proof restores the claim, its keys and the namespace.
    dns.setTxt(CHALLENGE_NAME, [`mcp-registry-verification=${claim.challenge}`]);
    await eventually(
      'restoration',
      () => getClaim(claim.id),
      (c) => c.status === 'verified',
    );
    assert.equal((await publish('com.example/api', '1.0.2')).status, 200);
    await eventually(
      'the versions showing the restored claim',
      () => standingOf('com.example/api', '1.0.0'),
      (s) => s?.status === 'verified',
    );
    assert.equal((await publish('com.example/api', '1.0.3', domainToken)).status, 200);

    // Revoking the key stops its tokens at once, not when they expire.
    const revokedKey = await registry.request('DELETE', `${X}/namespaces/${claim.id}/keys/${keyId}`, {
      token: alice,
    });
    assert.equal(revokedKey.status, 204);
    const afterRevoke = await publish('com.example/api', '1.0.4');
    assert.equal(afterRevoke.status, 403);
    assert.match((afterRevoke.json as { detail: string }).detail, /revoked/);
    assert.equal((await registry.request('POST', `${X}/auth/api-key`, { body: { key } })).status, 401);

    // Sub-registries saw every change of status in the public feed, and nothing private.
    const feed = await registry.request('GET', `${X}/changes?after=0&limit=100`);
    const namespaceChanges = (
      feed.json as { changes: Array<{ type: string; data: Record<string, unknown> }> }
    ).changes
      .filter((c) => c.type === 'namespace.claim-status-changed')
      .map((c) => c.data);
    assert.deepEqual(
      namespaceChanges.map((d) => [d.namespace, d.status]),
      [
        ['com.example', 'verified'],
        ['com.example', 'grace'],
        ['com.example', 'revoked'],
        ['com.example', 'verified'],
      ],
    );
    assert.ok(!feed.text.includes('alice'), 'the owner stays private');

    // Giving the claim up.
    assert.equal(
      (await registry.request('DELETE', `${X}/namespaces/${claim.id}`, { token: alice })).status,
      204,
    );
    assert.equal(
      (await registry.request('GET', `${X}/namespaces/${claim.id}`, { token: alice })).status,
      404,
    );
    // No claim speaks for the namespace any more: its versions say nothing.
    await eventually(
      'the versions without a standing',
      () => standingOf('com.example.eu/api', '1.0.0'),
      (s) => s === undefined,
    );
  });

  it('answers the same under /v0/x and refuses another extension namespace', async () => {
    const card = await registry.request('GET', '/.well-known/mcp-registry');
    const extensions = (card.json as { extensions: Record<string, { url: string }> }).extensions;
    assert.equal(extensions['namespaces']?.url, `/v0.1/x/${NS}/namespaces`);
    assert.equal(extensions['api-key-login']?.url, `/v0.1/x/${NS}/auth/api-key`);
    assert.equal((await registry.request('GET', `/v0/x/${NS}/namespaces`, { token: alice })).status, 200);
    assert.equal(
      (await registry.request('GET', '/v0.1/x/com.other/namespaces', { token: alice })).status,
      404,
    );
  });
});
