import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RelayCheckpointStore } from '@registry/application/ports';
import { OutboxRelay } from '@registry/application/relay';
import { createKafkaClient, ensureTopic, KafkaEventFeed, KafkaEventPublisher } from '@registry/bus-kafka';
import { SqliteEventStore } from '@registry/store-sqlite';
import { KafkaUnavailable, startKafkaMock, TestKafka } from '@test/support/engines/kafka-mock';
import { Kafka } from 'kafkajs';
import { eventFeedContract } from './event-feed.contract';

/** Retries and rebalances are the contract's business here, not log lines; errors still show. */
const quiet = {
  log: () => undefined,
  warn: () => undefined,
  error: (message: unknown) => console.error(`[kafka] ${String(message)}`),
};

/** The relay's checkpoint, which the distributed store keeps beside its log. */
class MemoryRelayCheckpoint implements RelayCheckpointStore {
  private position = 0;
  async load(): Promise<number> {
    return this.position;
  }
  async save(position: number): Promise<void> {
    this.position = position;
  }
}

// One topic per run: on a shared KAFKA_BROKERS cluster the run touches only its own topic and groups.
const run = randomUUID().slice(0, 8);
const topic = `mcp-registry.contract-${run}`;
let engine: TestKafka | undefined;
let kafka: Kafka | undefined;
let dir: string | undefined;
let pipeline:
  | { store: SqliteEventStore; publisher: KafkaEventPublisher; relay: OutboxRelay; unlisten: () => void }
  | undefined;
const checkpoints = new MemoryRelayCheckpoint();
const opened = (): NonNullable<typeof pipeline> => pipeline ?? assertUnreachable();
function assertUnreachable(): never {
  throw new Error('the Kafka pipeline is not set up');
}

eventFeedContract('Kafka (SQLite log -> OutboxRelay -> KafkaEventPublisher -> topic -> KafkaEventFeed)', {
  setUp: async () => {
    try {
      engine = await startKafkaMock({ topics: [{ name: topic, partitions: 3 }], brokers: 3 });
    } catch (error) {
      if (error instanceof KafkaUnavailable) return error.message;
      throw error;
    }
    kafka = createKafkaClient({ brokers: engine.brokers, clientId: `feed-contract-${run}`, logger: quiet });
    const admin = kafka.admin();
    await admin.connect();
    try {
      // Real Kafka: created here by the adapter; the mock: pre-created by the harness, found as it is.
      const topicState = await ensureTopic(admin, topic, 3, {
        replicationFactor: engine.kind === 'mock' ? 3 : -1,
      });
      console.log(`Kafka suite: topic ${topic} ${topicState.outcome}, ${topicState.partitions} partitions`);
    } finally {
      await admin.disconnect();
    }
    dir = mkdtempSync(join(tmpdir(), 'feed-kafka-'));
    const store = new SqliteEventStore(join(dir, 'events.db'));
    const publisher = new KafkaEventPublisher(kafka, { topic });
    const relay = new OutboxRelay(store, publisher, checkpoints, { pollMs: 100, logger: quiet });
    relay.start();
    const unlisten = store.onCommit(() => relay.wake());
    pipeline = { store, publisher, relay, unlisten };
    return undefined;
  },
  log: () => opened().store,
  feed: () =>
    new KafkaEventFeed(kafka!, {
      topic,
      groupPrefix: `contract-${run}.`,
      // The mock finishes a rebalance only when a timer of (session timeout - 1 s) fires: keep it short
      // there. Real brokers refuse sessions under group.min.session.timeout.ms (6 s by default).
      sessionTimeoutMs: engine?.kind === 'mock' ? 3_000 : 10_000,
      heartbeatIntervalMs: engine?.kind === 'mock' ? 300 : 1_000,
      maxWaitTimeMs: 100,
      retryBackoffMs: 50,
      maxRetryBackoffMs: 500,
      logger: quiet,
    }),
  relay: () => ({
    publisher: opened().publisher,
    checkpoints,
    pause: () => opened().relay.stop(),
    resume: () => opened().relay.start(),
  }),
  dispose: async () => {
    if (pipeline !== undefined) {
      pipeline.unlisten();
      await pipeline.relay.stop();
      await pipeline.publisher.close();
      await pipeline.store.close();
    }
    if (engine?.kind === 'external' && kafka !== undefined) {
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).finally(() => admin.disconnect());
    }
    await engine?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  },
});
