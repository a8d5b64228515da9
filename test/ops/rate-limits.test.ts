import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpResult, RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

const LIMIT = 5;
const PROBES = ['/livez', '/readyz', '/metrics', '/v0/health', '/v0.1/health', '/v0/ping', '/v0.1/ping'];

/** A 429 as every other error here: problem+json, with when to come back and where the client stands. */
function assertLimited(res: HttpResult, what: string): void {
  assert.equal(res.status, 429, `${what}: ${res.status} ${res.text}`);
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  const problem = res.json as { title: string; status: number; detail: string };
  assert.equal(problem.title, 'Too Many Requests');
  assert.equal(problem.status, 429);
  assert.match(
    problem.detail,
    new RegExp(`^rate limit exceeded: ${LIMIT} requests a minute; retry in \\d+ s$`),
  );
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  assert.equal(res.headers.get('ratelimit-limit'), String(LIMIT));
  assert.equal(res.headers.get('ratelimit-remaining'), '0');
  assert.equal(res.headers.get('ratelimit-reset'), String(retryAfter));
}

/**
 * Issue 11, item 5, in one process (counters in memory): a small limit (5 a minute, not the default
 * 180) so the tests stay quick. Reads count per address, writes and logins per verified token
 * subject (else per address), each in its own budget; probes and scrapes are never counted; 0 is off.
 */
describe('rate limits, embedded', () => {
  let registry: RegistryUnderTest;

  before(async () => {
    registry = await RegistryUnderTest.start({
      MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
    });
  });
  after(() => registry?.close());

  it('answers the read past the limit from one address with a 429 problem, Retry-After and RateLimit-*', async () => {
    for (let i = 1; i <= LIMIT; i++) {
      const res = await registry.request('GET', '/v0.1/servers?limit=1');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('ratelimit-limit'), String(LIMIT));
      assert.equal(res.headers.get('ratelimit-remaining'), String(LIMIT - i));
      const reset = Number(res.headers.get('ratelimit-reset'));
      assert.ok(reset >= 1 && reset <= 60, `RateLimit-Reset ${reset}`);
      assert.equal(res.headers.get('retry-after'), null);
    }
    assertLimited(await registry.request('GET', '/v0.1/servers?limit=1'), 'list');
    // One budget for every read route of the address: the plain Fastify routes and Nest's alike.
    assertLimited(await registry.request('GET', '/v0/servers/io.github.x%2Fy/versions/latest'), 'version');
    assertLimited(await registry.request('GET', '/v0/version'), 'version info');
    assertLimited(await registry.request('GET', '/v0/no-such-route'), 'unknown route');
  });

  it('never counts probes, scrapes, health or ping', async () => {
    for (const path of PROBES) {
      for (let i = 0; i < LIMIT + 2; i++) {
        const res = await registry.request('GET', path);
        assert.ok(res.status === 200 || res.status === 503, `${path}: ${res.status}`);
        assert.equal(res.headers.get('ratelimit-limit'), null, path);
      }
    }
  });

  it('counts writes per token subject, apart from reads: two tokens from one address have two budgets', async () => {
    const alice = await registry.token(['io.github.alice/*'], 'alice');
    const bob = await registry.token(['io.github.bob/*'], 'bob');
    const publish = (token: string, name: string, version: string) =>
      registry.request('POST', '/v0.1/publish', { token, body: serverJson(name, version) });
    for (let i = 1; i <= LIMIT; i++) {
      const res = await publish(alice, 'io.github.alice/tool', `1.0.${i}`);
      assert.equal(res.status, 200, `alice's write ${i}, though the address read its fill: ${res.text}`);
      assert.equal(res.headers.get('ratelimit-remaining'), String(LIMIT - i));
    }
    assertLimited(await publish(alice, 'io.github.alice/tool', '1.0.99'), "alice's sixth write");
    // A second token of the same subject shares the budget; another subject has its own.
    const aliceAgain = await registry.token(['io.github.alice/tool'], 'alice');
    assert.notEqual(aliceAgain, alice);
    assertLimited(await publish(aliceAgain, 'io.github.alice/tool', '1.0.98'), "alice's other token");
    const bobs = await publish(bob, 'io.github.bob/tool', '1.0.0');
    assert.equal(bobs.status, 200, bobs.text);
    assert.equal(bobs.headers.get('ratelimit-remaining'), String(LIMIT - 1));
    // Every write method counts against the subject.
    assertLimited(
      await registry.request('PATCH', '/v0.1/servers/io.github.alice%2Ftool/versions/1.0.1/status', {
        token: alice,
        body: { status: 'deprecated' },
      }),
      "alice's status change",
    );
  });

  it('counts logins and tokenless writes per address, and an unverifiable token as none', async () => {
    for (let i = 1; i <= LIMIT; i++) {
      const res = await registry.request('POST', '/v0/auth/none');
      assert.equal(res.status, 200, res.text);
    }
    assertLimited(await registry.request('POST', '/v0/auth/none'), 'the sixth login');
    // A forged token naming a fresh subject buys no fresh budget: it is counted by address.
    const [header, , signature] = (await registry.token([], 'carol')).split('.');
    const payload = Buffer.from(JSON.stringify({ auth_method_sub: 'mallory', exp: 9e9 })).toString(
      'base64url',
    );
    assertLimited(
      await registry.request('POST', '/v0.1/publish', {
        token: `${header}.${payload}.${signature}`,
        body: serverJson('io.github.mallory/tool', '1.0.0'),
      }),
      'a forged token',
    );
  });
});

describe('rate limits behind a proxy', () => {
  let trusting: RegistryUnderTest;
  let direct: RegistryUnderTest;

  before(async () => {
    [trusting, direct] = await Promise.all([
      RegistryUnderTest.start({
        MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: String(LIMIT),
        MCP_REGISTRY_TRUST_PROXY: 'loopback',
      }),
      RegistryUnderTest.start({ MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: String(LIMIT) }),
    ]);
  });
  after(async () => {
    await trusting?.close();
    await direct?.close();
  });

  const readsAs = async (registry: RegistryUnderTest, client: string): Promise<number[]> => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const res = await registry.request('GET', '/v0/servers', { headers: { 'x-forwarded-for': client } });
      statuses.push(res.status);
    }
    return statuses;
  };
  const fill = [...Array<number>(LIMIT).fill(200), 429];

  it('tells clients apart by X-Forwarded-For only from a trusted proxy (MCP_REGISTRY_TRUST_PROXY)', async () => {
    assert.deepEqual(await readsAs(trusting, '203.0.113.7'), fill);
    assert.deepEqual(await readsAs(trusting, '203.0.113.8'), fill, 'another client, its own budget');
    assert.deepEqual(await readsAs(direct, '203.0.113.7'), fill);
    assert.deepEqual(
      await readsAs(direct, '203.0.113.8'),
      Array<number>(LIMIT + 1).fill(429),
      'an untrusted header changes nothing',
    );
  });
});

describe('rate limits off (MCP_REGISTRY_RATE_LIMIT_PER_MINUTE=0)', () => {
  it('answers every request, with no RateLimit headers', async () => {
    const registry = await RegistryUnderTest.start({ MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: '0' });
    try {
      for (let i = 0; i < 40; i++) {
        const res = await registry.request('GET', '/v0/servers');
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('ratelimit-limit'), null);
      }
    } finally {
      await registry.close();
    }
  });
});
