import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startKafkaMock, TestKafka } from '@test/support/engines/kafka-mock';
import { startRedis, TestRedis } from '@test/support/engines/redis';
import { RegistryProcess } from '@test/support/registry-process';
import { TEST_JWT_KEY } from '@test/support/test-config';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const TOPIC = 'mcp-registry.fleet-test';

interface Listed {
  servers: Array<{ server: { name: string; version: string } }>;
  metadata: { nextCursor?: string };
}

async function everyVersion(baseUrl: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const q = `limit=100&include_deleted=true${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const body = (await (await fetch(`${baseUrl}/v0/servers?${q}`)).json()) as Listed;
    seen.push(...body.servers.map((s) => `${s.server.name}@${s.server.version}`));
    if (!body.metadata.nextCursor) return seen;
    cursor = body.metadata.nextCursor;
  }
}

/**
 * The fleet as separate processes: two registry-api replicas, the projector (outbox relay + Kafka
 * consumer) and the verifier, on Kafka (the librdkafka protocol mock, or KAFKA_BROKERS) and a private
 * Redis. No MongoDB runs here, so the event store and read model are the SQLite adapters on a shared
 * data directory (MCP_REGISTRY_EVENT_STORE/READ_MODEL=sqlite); with MONGODB_URI set they are MongoDB.
 */
describe('distributed fleet: registry-api x2, projector, verifier over Kafka and Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-fleet-'));
  let kafka: TestKafka;
  let redis: TestRedis;
  let env: Record<string, string>;
  let apiA: RegistryProcess;
  let apiB: RegistryProcess;
  let projector: RegistryProcess;
  let verifier: RegistryProcess;
  let token: string;

  const publish = async (baseUrl: string, name: string, version: string) => {
    const res = await fetch(`${baseUrl}/v0/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ $schema: SCHEMA, name, version, description: 'fleet test' }),
    });
    await res.text();
    return { status: res.status, behind: res.headers.get('x-registry-read-model') };
  };

  before(async () => {
    kafka = await startKafkaMock({ topics: [{ name: TOPIC, partitions: 3 }] });
    redis = await startRedis();
    const mongo = process.env.MONGODB_URI;
    env = {
      MCP_REGISTRY_STORE: 'distributed',
      MCP_REGISTRY_EVENT_STORE: mongo ? 'mongodb' : 'sqlite',
      MCP_REGISTRY_READ_MODEL: mongo ? 'mongodb' : 'sqlite',
      MCP_REGISTRY_MONGODB_DATABASE: `fleet_${process.pid}`,
      MCP_REGISTRY_DATA_DIR: dataDir,
      MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY,
      MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
      MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
      MCP_REGISTRY_KAFKA_TOPIC: TOPIC,
      MCP_REGISTRY_READ_YOUR_WRITES_TIMEOUT_MS: '2000',
      // Real Kafka refuses sessions under 6 s; the mock hands a dead member's partitions over after it.
      MCP_REGISTRY_KAFKA_SESSION_TIMEOUT_MS: '6000',
      // The protocol mock answers a fetch only when its wait ends, even with data ready.
      MCP_REGISTRY_KAFKA_MAX_WAIT_MS: '50',
      MCP_REGISTRY_RELAY_POLL_MS: '20',
      KAFKA_BROKERS: kafka.brokers.join(','),
      REDIS_URL: redis.url,
    };
    [apiA, apiB, projector, verifier] = await Promise.all([
      RegistryProcess.start(env, 60_000, 'registry-api'),
      RegistryProcess.start(env, 60_000, 'registry-api'),
      RegistryProcess.start(env, 60_000, 'projector'),
      RegistryProcess.start(env, 60_000, 'verifier'),
    ]);
    const res = await fetch(`${apiA.baseUrl}/v0/auth/none`, { method: 'POST' });
    token = ((await res.json()) as { registry_token: string }).registry_token;
    // Warm up: the projector's consumer joins its group and takes the partitions a moment after it
    // starts. Wait (bounded) until one publish is readable, so the tests below measure a running fleet.
    const warmUp = 'io.modelcontextprotocol.anonymous/warm-up';
    await publish(apiA.baseUrl, warmUp, '1.0.0');
    for (let i = 0; i < 300; i++) {
      const read = await fetch(`${apiB.baseUrl}/v0/servers/${encodeURIComponent(warmUp)}/versions/1.0.0`);
      await read.text();
      if (read.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the fleet did not project a publish within 30 s:\n${projector.output()}`);
  });

  after(async () => {
    await Promise.all([apiA, apiB, projector, verifier].map((p) => p?.stop()));
    await redis?.stop();
    await kafka?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a publish on one replica only once another replica reads it', async () => {
    for (let i = 0; i < 5; i++) {
      const name = `io.modelcontextprotocol.anonymous/fleet-${i}`;
      const res = await publish(apiA.baseUrl, name, '1.0.0');
      assert.equal(res.status, 200);
      assert.equal(res.behind, null, `the read model caught up within the bound:\n${projector.output()}`);
      const read = await fetch(`${apiB.baseUrl}/v0/servers/${encodeURIComponent(name)}/versions/1.0.0`);
      assert.equal(read.status, 200, `replica B reads ${name} right after replica A answered`);
    }
  });

  it('loses and doubles nothing when the projector is killed mid-stream and restarted', async () => {
    // Writers publish through both replicas while the projector is killed (-9) and restarted. A 200
    // is durable even when it says the read model is behind (the projector was down then).
    const acknowledged: string[] = [];
    let behind = 0;
    let stop = false;
    const writers = [apiA, apiB].map(async (api, w) => {
      for (let i = 0; !stop; i++) {
        const name = `io.modelcontextprotocol.anonymous/stream-${w}`;
        const res = await publish(api.baseUrl, name, `1.0.${i}`);
        if (res.status === 200) acknowledged.push(`${name}@1.0.${i}`);
        if (res.behind !== null) behind += 1;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await projector.kill9();
    await new Promise((resolve) => setTimeout(resolve, 500));
    projector = await RegistryProcess.start(env, 60_000, 'projector');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    stop = true;
    await Promise.all(writers);
    assert.ok(acknowledged.length >= 4, `${acknowledged.length} publishes acknowledged`);
    assert.ok(behind > 0, 'some publishes were answered while the projector was down');

    // Wait (bounded) for the restarted projector to catch up, then compare through the other replica.
    let listed: string[] = [];
    for (let i = 0; i < 300; i++) {
      listed = await everyVersion(apiB.baseUrl);
      if (acknowledged.every((k) => listed.includes(k))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const missing = acknowledged.filter((k) => !listed.includes(k));
    assert.deepEqual(missing, [], `every acknowledged publish is in the read model:\n${projector.output()}`);
    assert.equal(new Set(listed).size, listed.length, 'no version is listed twice');
  });

  it('reports every engine on the readiness endpoints', async () => {
    const api = (await (await fetch(`${apiA.baseUrl}/readyz`)).json()) as { info: Record<string, unknown> };
    assert.ok('redis' in api.info, JSON.stringify(api));
    const proj = (await (await fetch(`${projector.baseUrl}/readyz`)).json()) as {
      info: Record<string, unknown>;
    };
    assert.ok('kafka' in proj.info && 'redis' in proj.info, JSON.stringify(proj));
    const ver = await fetch(`${verifier.baseUrl}/readyz`);
    assert.equal(ver.status, 200);
  });
});
