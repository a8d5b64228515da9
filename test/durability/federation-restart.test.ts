import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FakeWebhookReceiver } from '@test/support/fakes/webhook-receiver';
import {
  FlakyEndpoint,
  allDeliveries,
  changesInFeed,
  anonymousToken,
  eventually,
  receivedChanges,
  subscribe,
  subscriptionStatus,
} from '@test/support/federation-client';
import { RegistryProcess } from '@test/support/registry-process';
import { TEST_JWT_KEY } from '@test/support/test-config';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const PREFIX = 'io.modelcontextprotocol.anonymous/fed-';
const SERVERS = 3;
const VERSIONS = 6;

const dataDir = mkdtempSync(join(tmpdir(), 'registry-federation-restart-'));
const env = {
  MCP_REGISTRY_DATA_DIR: dataDir,
  MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY,
  MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
  MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
  MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
  MCP_REGISTRY_WEBHOOK_TIMEOUT_MS: '5000',
};

async function publish(baseUrl: string, token: string, name: string, version: string): Promise<void> {
  const res = await fetch(`${baseUrl}/v0/publish`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ $schema: SCHEMA, name, version, description: 'federation restart' }),
  });
  assert.equal(res.status, 200, await res.text());
}

/**
 * Issue 8's durability rule for push: a change committed is delivered, whatever happens to the
 * process delivering it. The all-in-one registry is killed with SIGKILL while a slow, sometimes
 * failing receiver still has deliveries pending (in flight, scheduled for a retry, held behind an
 * earlier change), and restarted on the same data directory.
 */
describe('durability: webhook deliveries survive kill -9 of the registry', () => {
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('delivers every change at least once after a restart, in order per entry, with the attempts made before the kill kept', async () => {
    const receiver = await new FakeWebhookReceiver().start();
    const endpoint = new FlakyEndpoint(120, 4);
    let registry = await RegistryProcess.start(env);
    try {
      const token = await anonymousToken(registry.baseUrl);
      const id = await subscribe(registry.baseUrl, token, receiver, { names: [`${PREFIX}*`] });
      const first = registry;
      await eventually(
        'the subscription to be verified',
        async () => (await subscriptionStatus(first.baseUrl, token, id)) === 'active',
        10_000,
      );
      endpoint.attach(receiver);
      for (let v = 0; v < VERSIONS; v++) {
        for (let s = 0; s < SERVERS; s++) await publish(registry.baseUrl, token, `${PREFIX}${s}`, `1.0.${v}`);
      }
      // Killed once some changes arrived and a refusal is old enough to have been recorded.
      await eventually(
        'deliveries to be under way',
        async () =>
          receivedChanges(receiver).byId.size >= 8 &&
          [...endpoint.refusedAt.values()].some((t) => Date.now() - t > 300),
        15_000,
      );
      const killedAt = Date.now();
      await registry.kill9();
      const beforeKill = receivedChanges(receiver).byId.size;
      const refusedBeforeKill = [...endpoint.refusedAt].filter(([, t]) => killedAt - t > 300).map(([w]) => w);

      registry = await RegistryProcess.start(env);
      const expected = await changesInFeed(registry.baseUrl, PREFIX);
      assert.equal(expected.length, SERVERS * VERSIONS * 2, 'a published and a latest-version change each');
      assert.ok(beforeKill < expected.length, `deliveries were pending at the kill (${beforeKill} arrived)`);

      const again = registry;
      let deliveries = await allDeliveries(again.baseUrl, token, id);
      await eventually(
        'every change to be delivered',
        async () => {
          deliveries = (await allDeliveries(again.baseUrl, token, id)).filter((d) => d.name !== undefined);
          return deliveries.length === expected.length && deliveries.every((d) => d.outcome === 'delivered');
        },
        30_000,
      ).catch((error: unknown) => {
        throw new Error(
          `${String(error)}\n${JSON.stringify(deliveries.filter((d) => d.outcome !== 'delivered'))}`,
        );
      });

      const { byId, firstArrivals } = receivedChanges(receiver);
      const received = new Set([...byId.values()].map((c) => c.data.sequence));
      const lost = expected.filter((c) => !received.has(c.sequence));
      assert.deepEqual(lost, [], `every change reached the receiver (${byId.size} webhook-ids)`);
      assert.equal(byId.size, expected.length, 'one webhook-id per change');
      for (const delivery of deliveries) {
        assert.equal(
          byId.get(delivery.webhookId)?.data.sequence,
          delivery.sequence,
          'webhook-id is the change',
        );
      }
      for (const [name, sequences] of firstArrivals) {
        assert.deepEqual(
          sequences,
          [...sequences].sort((a, b) => a - b),
          `first deliveries of ${name} in order`,
        );
      }
      assert.ok(refusedBeforeKill.length > 0);
      for (const webhookId of refusedBeforeKill) {
        const delivery = deliveries.find((d) => d.webhookId === webhookId)!;
        assert.equal(delivery.attempts[0]!.status, 503, JSON.stringify(delivery));
        assert.ok(Date.parse(delivery.attempts[0]!.at) <= killedAt, 'the attempt before the kill is kept');
        assert.equal(delivery.attempts.at(-1)!.outcome, 'delivered');
      }
    } finally {
      await registry.stop();
      await receiver.close();
    }
  });
});
