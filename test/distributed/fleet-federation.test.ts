import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startKafkaMock, TestKafka } from '@test/support/engines/kafka-mock';
import { startRedis, TestRedis } from '@test/support/engines/redis';
import { FakeWebhookReceiver } from '@test/support/fakes/webhook-receiver';
import {
  DeliveryView,
  FlakyEndpoint,
  allDeliveries,
  changesInFeed,
  anonymousToken,
  changeOf,
  eventually,
  receivedChanges,
  subscribe,
  subscriptionStatus,
} from '@test/support/federation-client';
import { RegistryProcess } from '@test/support/registry-process';
import { TEST_JWT_KEY } from '@test/support/test-config';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const TOPIC = 'mcp-registry.fleet-federation-test';
const ANON = 'io.modelcontextprotocol.anonymous';
const VERSIONS_PER_WRITER = 12;
const FEDERATION = 'federation';

/**
 * The fleet of fleet.test.ts with the federation worker as its own process: two registry-api
 * replicas, the projector (outbox relay to Kafka) and apps/federation (a Kafka consumer group, and
 * BullMQ on Redis for the retry schedule), sharing the SQLite files. A subscription made through one
 * replica receives, signed, what is published through the other, and a kill -9 of the federation
 * process mid-stream loses no change.
 */
describe('distributed fleet: federation worker over Kafka and BullMQ', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-fleet-federation-'));
  let kafka: TestKafka;
  let redis: TestRedis;
  let env: Record<string, string>;
  let apiA: RegistryProcess;
  let apiB: RegistryProcess;
  let projector: RegistryProcess;
  let federation: RegistryProcess;
  let token: string;

  const publish = async (baseUrl: string, name: string, version: string) => {
    const res = await fetch(`${baseUrl}/v0/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ $schema: SCHEMA, name, version, description: 'fleet federation test' }),
    });
    assert.equal(res.status, 200, await res.text());
  };
  const logs = () => `federation:\n${federation.output()}\nprojector:\n${projector.output()}`;

  before(async () => {
    kafka = await startKafkaMock({ topics: [{ name: TOPIC, partitions: 3 }] });
    redis = await startRedis();
    env = {
      MCP_REGISTRY_STORE: 'distributed',
      MCP_REGISTRY_EVENT_STORE: 'sqlite',
      MCP_REGISTRY_READ_MODEL: 'sqlite',
      MCP_REGISTRY_DATA_DIR: dataDir,
      MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY,
      MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
      MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
      MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
      MCP_REGISTRY_WEBHOOK_TIMEOUT_MS: '5000',
      MCP_REGISTRY_KAFKA_TOPIC: TOPIC,
      MCP_REGISTRY_READ_YOUR_WRITES_TIMEOUT_MS: '2000',
      // As in fleet.test.ts: the mock hands a dead member's partitions over after the session timeout.
      MCP_REGISTRY_KAFKA_SESSION_TIMEOUT_MS: '6000',
      MCP_REGISTRY_KAFKA_MAX_WAIT_MS: '50',
      MCP_REGISTRY_RELAY_POLL_MS: '20',
      KAFKA_BROKERS: kafka.brokers.join(','),
      REDIS_URL: redis.url,
    };
    [apiA, apiB, projector, federation] = await Promise.all([
      RegistryProcess.start(env, 60_000, 'registry-api'),
      RegistryProcess.start(env, 60_000, 'registry-api'),
      RegistryProcess.start(env, 60_000, 'projector'),
      RegistryProcess.start(env, 60_000, FEDERATION),
    ]);
    token = await anonymousToken(apiA.baseUrl);
  });

  after(async () => {
    await Promise.all([apiA, apiB, projector, federation].map((p) => p?.stop()));
    await redis?.stop();
    await kafka?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers, signed, what one replica publishes to a subscription made through another', async () => {
    const receiver = await new FakeWebhookReceiver().start();
    try {
      const id = await subscribe(apiA.baseUrl, token, receiver, { names: [`${ANON}/signed-*`] });
      await eventually(
        'the federation process to verify the endpoint (seen through replica B)',
        async () => (await subscriptionStatus(apiB.baseUrl, token, id)) === 'active',
        60_000,
      ).catch((error: unknown) => assert.fail(`${String(error)}\n${logs()}`));
      for (const version of ['1.0.0', '1.1.0']) await publish(apiB.baseUrl, `${ANON}/signed-a`, version);
      await receiver.waitFor((r) => r.requests.filter((q) => changeOf(q) !== undefined).length >= 4, 30_000);

      assert.ok(receiver.requests.length >= 5, 'the handshake and four changes');
      for (const request of receiver.requests) {
        assert.ok(request.verified, `signed with the subscription's secret: ${request.verificationError}`);
      }
      const types = receiver.requests.map((r) => changeOf(r)?.type).filter((t) => t !== undefined);
      assert.deepEqual(types, [
        'server.version.published',
        'server.latest-version.changed',
        'server.version.published',
        'server.latest-version.changed',
      ]);
      const expected = await changesInFeed(apiA.baseUrl, `${ANON}/signed-`);
      const sequences = receiver.requests
        .map((r) => changeOf(r)?.data.sequence)
        .filter((s) => s !== undefined);
      assert.deepEqual(
        sequences,
        expected.map((c) => c.sequence),
        'every change, in log order',
      );
    } finally {
      await receiver.close();
    }
  });

  it('loses no change when the federation process is killed mid-stream and restarted', async (t) => {
    const receiver = await new FakeWebhookReceiver().start();
    const endpoint = new FlakyEndpoint(100, 7);
    try {
      const prefix = `${ANON}/stream-`;
      const id = await subscribe(apiB.baseUrl, token, receiver, { names: [`${prefix}*`] });
      await eventually(
        'verification',
        async () => (await subscriptionStatus(apiA.baseUrl, token, id)) === 'active',
        60_000,
      ).catch((error: unknown) => assert.fail(`${String(error)}\n${logs()}`));
      endpoint.attach(receiver);

      // Two writers, a bounded stream each, paced so that some is published while no worker runs.
      let published = 0;
      const writers = [apiA, apiB].map(async (api, w) => {
        for (let i = 0; i < VERSIONS_PER_WRITER; i++) {
          await publish(api.baseUrl, `${prefix}${w}`, `1.0.${i}`);
          published += 1;
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
      });
      await eventually(
        'deliveries to be under way',
        async () => receivedChanges(receiver).byId.size >= 6,
        30_000,
      );
      await federation.kill9();
      const killedAt = Date.now();
      const atKill = receivedChanges(receiver).byId.size;
      const seenAtKill = new Set(receiver.requests.map((r) => String(r.headers['webhook-id'])));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      federation = await RegistryProcess.start(env, 60_000, FEDERATION);
      await Promise.all(writers);

      let expected: Array<{ sequence: number; name: string }> = [];
      let deliveries: DeliveryView[] = [];
      await eventually(
        'every change to be delivered',
        async () => {
          expected = await changesInFeed(apiA.baseUrl, prefix);
          deliveries = (await allDeliveries(apiA.baseUrl, token, id)).filter((d) => d.name !== undefined);
          return (
            expected.length === published * 2 &&
            deliveries.length === expected.length &&
            deliveries.every((d) => d.outcome === 'delivered')
          );
        },
        // A delivery in flight at the kill waits for BullMQ's lock (10 s) and stalled check (5 s).
        90_000,
      ).catch((error: unknown) =>
        assert.fail(
          `${String(error)}: ${expected.length} changes, ${deliveries.length} deliveries, pending ` +
            `${JSON.stringify(deliveries.filter((d) => d.outcome !== 'delivered'))}\n${logs()}`,
        ),
      );
      const last = Math.max(...deliveries.map((d) => Date.parse(d.attempts.at(-1)!.at)));
      // A change sent when the process died, whose attempt was never recorded: its job was running.
      const inFlight = deliveries.filter(
        (d) => seenAtKill.has(d.webhookId) && d.attempts.every((a) => Date.parse(a.at) > killedAt),
      );
      t.diagnostic(
        `${expected.length} changes, ${atKill} arrived before the kill; the last delivered ${last - killedAt} ms ` +
          `after it; in flight at the kill: ${inFlight.map((d) => `${d.sequence} sent again ${Date.parse(d.attempts[0]!.at) - killedAt} ms after`).join(', ') || 'none'}`,
      );
      assert.ok(
        atKill < expected.length,
        `changes were pending at the kill (${atKill} of ${expected.length})`,
      );

      const { byId, firstArrivals } = receivedChanges(receiver);
      const received = new Set([...byId.values()].map((c) => c.data.sequence));
      assert.deepEqual(
        expected.filter((c) => !received.has(c.sequence)),
        [],
        'every change reached the receiver',
      );
      assert.equal(byId.size, expected.length, 'one webhook-id per change');
      assert.ok(receiver.requests.every((r) => r.verified));
      for (const [name, sequences] of firstArrivals) {
        assert.deepEqual(
          sequences,
          [...sequences].sort((a, b) => a - b),
          `first deliveries of ${name} in order`,
        );
      }
    } finally {
      await receiver.close();
    }
  });
});
