import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TestRedis, startRedis } from '@test/support/engines/redis';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

const NS = 'io.github.test-registry';

async function applied(registry: RegistryUnderTest): Promise<number> {
  const res = await registry.request('GET', `/v0.1/x/${NS}/upstream`);
  assert.equal(res.status, 200, res.text);
  return (res.json as { applied: number }).applied;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * In a fleet every federation replica has the upstream configured; a Redis lease (per event log,
 * named after MCP_REGISTRY_KAFKA_TOPIC like the relay's) lets one of them mirror at a time, and
 * another takes over when it stops. Two registries with their own logs stand in for two replicas:
 * only the lease holder's log receives the upstream's versions.
 */
describe('mirror mode in a fleet: one mirror at a time, under a Redis lease', () => {
  let redis: TestRedis;
  let upstream: RegistryUnderTest;
  const mirrors: RegistryUnderTest[] = [];

  before(async () => {
    redis = await startRedis();
    upstream = await RegistryUnderTest.start();
    const token = await upstream.token(['io.github.leased/*']);
    const res = await upstream.request('POST', '/v0/publish', {
      token,
      body: serverJson('io.github.leased/alpha', '1.0.0'),
    });
    assert.equal(res.status, 200, res.text);
    const topic = `lease-test-${randomUUID()}`;
    for (let k = 0; k < 2; k++) {
      mirrors.push(
        await RegistryUnderTest.start({
          MCP_REGISTRY_UPSTREAM_URL: upstream.baseUrl,
          MCP_REGISTRY_UPSTREAM_MODE: 'feed',
          REDIS_URL: redis.url,
          MCP_REGISTRY_KAFKA_TOPIC: topic,
        }),
      );
    }
  });
  after(async () => {
    for (const mirror of mirrors) await mirror.close().catch(() => undefined);
    await upstream.close();
    await redis.stop();
  });

  it('mirrors in the lease holder only, and in the other once the holder stops', async () => {
    await until(
      'one mirror to follow the upstream',
      async () => (await applied(mirrors[0]!)) + (await applied(mirrors[1]!)) > 0,
      15_000,
    );
    // Long enough for the other to have mirrored too, had it not been held off by the lease.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const counts = [await applied(mirrors[0]!), await applied(mirrors[1]!)];
    assert.equal(counts.filter((n) => n > 0).length, 1, `exactly one mirrored: ${JSON.stringify(counts)}`);
    const holder = counts[0]! > 0 ? 0 : 1;
    const other = mirrors[1 - holder]!;
    await mirrors[holder]!.close();
    await until(
      'the other replica to take the lease over and mirror',
      async () => (await applied(other)) > 0,
      20_000,
    );
  });
});
