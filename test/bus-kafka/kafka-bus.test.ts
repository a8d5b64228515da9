import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { HealthIndicatorService } from '@nestjs/terminus';
import { FeedBatch, FeedCheckpoint } from '@registry/application/ports';
import {
  createKafkaClient,
  EVENT_HEADERS,
  ensureTopic,
  KafkaEventFeed,
  KafkaEventPublisher,
  kafkaHealthIndicator,
  TopicUnavailable,
} from '@registry/bus-kafka';
import { EventEnvelope } from '@registry/domain/entry';
import { KafkaUnavailable, startKafkaMock, TestKafka } from '@test/support/engines/kafka-mock';
import { Admin, Kafka, KafkaMessage } from 'kafkajs';

const quiet = {
  log: () => undefined,
  warn: () => undefined,
  error: (m: unknown) => console.error(String(m)),
};
const run = randomUUID().slice(0, 8);
const publishTopic = `kafka-bus.publish-${run}`;
const feedTopic = `kafka-bus.feed-${run}`;

function envelope(streamId: string, streamVersion: number, position: number): EventEnvelope {
  return {
    eventId: randomUUID(),
    type: 'server.entry.created',
    streamId,
    streamVersion,
    position,
    occurredAt: '2025-01-01T00:00:00.000Z',
    actor: { method: 'test', subject: 'kafka-bus' },
    schemaVersion: 1,
    data: { name: `io.example/${streamId}` },
  };
}

/** Events for `streams` streams with `versions` each, interleaved, positions from `from`. */
function interleaved(streams: number, versions: number, from = 1): EventEnvelope[] {
  const ids = Array.from({ length: streams }, () => randomUUID());
  const events: EventEnvelope[] = [];
  for (let v = 1; v <= versions; v++)
    for (const id of ids) events.push(envelope(id, v, from + events.length));
  return events;
}

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// The bound covers a set-up that may build the Kafka mock first (once per clone, about 20-40 s).
describe('Kafka adapters beyond the feed contract', { timeout: 300_000 }, () => {
  let skip: string | undefined;
  let engine: TestKafka | undefined;
  let kafka: Kafka;
  let admin: Admin;

  before(async () => {
    try {
      engine = await startKafkaMock({
        topics: [
          { name: publishTopic, partitions: 3 },
          { name: feedTopic, partitions: 3 },
        ],
        brokers: 3,
      });
    } catch (error) {
      if (!(error instanceof KafkaUnavailable)) throw error;
      skip = error.message;
      console.warn(`\n!!! Kafka adapter tests SKIPPED: ${skip}\n`);
      return;
    }
    kafka = createKafkaClient({ brokers: engine.brokers, clientId: `kafka-bus-${run}`, logger: quiet });
    admin = kafka.admin();
    await admin.connect();
    for (const topic of [publishTopic, feedTopic]) await ensureTopic(admin, topic, 3);
  });
  after(async () => {
    if (engine?.kind === 'external') await admin.deleteTopics({ topics: [publishTopic, feedTopic] });
    await admin?.disconnect();
    await engine?.stop();
  });

  const test = (name: string, body: () => Promise<void>): void => {
    it(name, { timeout: 30_000 }, async (t: TestContext) => {
      if (skip !== undefined) return t.skip(skip);
      await body();
    });
  };

  test('publishes each event keyed by its stream id, with its headers, in stream order per partition', async () => {
    // One message per request: the size bound splits a batch without reordering it.
    const publisher = new KafkaEventPublisher(kafka, { topic: publishTopic, maxRequestBytes: 1 });
    const events = interleaved(6, 3);
    await publisher.publish(events);
    await publisher.close();
    const received: Array<{ partition: number; message: KafkaMessage }> = [];
    const consumer = kafka.consumer({ groupId: `kafka-bus-raw-${run}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [publishTopic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => void received.push({ partition, message }),
    });
    try {
      await until('all received', () => received.length === events.length);
    } finally {
      await consumer.disconnect();
    }
    const partitionOf = new Map<string, number>();
    for (const { partition, message } of received) {
      const event = JSON.parse(message.value!.toString()) as EventEnvelope;
      assert.equal(message.key!.toString(), event.streamId);
      assert.equal(message.headers?.[EVENT_HEADERS.eventId]?.toString(), event.eventId);
      assert.equal(message.headers?.[EVENT_HEADERS.type]?.toString(), event.type);
      assert.equal(message.headers?.[EVENT_HEADERS.position]?.toString(), String(event.position));
      assert.equal(message.headers?.[EVENT_HEADERS.streamVersion]?.toString(), String(event.streamVersion));
      assert.equal(partitionOf.get(event.streamId) ?? partition, partition, 'one partition per stream');
      partitionOf.set(event.streamId, partition);
    }
    for (const streamId of partitionOf.keys()) {
      const versions = received
        .map(({ message }) => JSON.parse(message.value!.toString()) as EventEnvelope)
        .filter((e) => e.streamId === streamId)
        .map((e) => e.streamVersion);
      assert.deepEqual(versions, [1, 2, 3]);
    }
  });

  test('two feed members split the partitions; when one leaves, the other takes them over', async () => {
    const assigned = new Map<string, number[]>();
    const member = (name: string): KafkaEventFeed =>
      new KafkaEventFeed(kafka, {
        topic: feedTopic,
        groupPrefix: `kafka-bus-${run}.`,
        sessionTimeoutMs: engine!.kind === 'mock' ? 3_000 : 10_000,
        heartbeatIntervalMs: 300,
        maxWaitTimeMs: 100,
        logger: {
          ...quiet,
          log: (line: unknown) => {
            const match = /assigned \S+ partitions \[([\d, ]*)\]/.exec(String(line));
            if (match) assigned.set(name, match[1]!.split(', ').filter(Boolean).map(Number).sort());
          },
        },
      });
    const checkpoint: FeedCheckpoint = {};
    const seen = new Map<string, string>(); // event id -> member
    const handler =
      (name: string) =>
      async ({ events, checkpoint: reached }: FeedBatch): Promise<void> => {
        for (const e of events) seen.set(e.eventId, name);
        Object.assign(checkpoint, reached);
      };
    const start = async (): Promise<FeedCheckpoint> => ({ ...checkpoint });
    const a = member('a').subscribe('projector', start, handler('a'));
    const b = member('b').subscribe('projector', start, handler('b'));
    try {
      // A member that joins late gets its share one rebalance later: wait for the split, not the first join.
      const split = (): boolean => {
        const [pa, pb] = [assigned.get('a') ?? [], assigned.get('b') ?? []];
        return pa.length > 0 && pb.length > 0 && [...pa, ...pb].sort().join() === '0,1,2';
      };
      await until('the partitions split between the two members, disjoint and complete', split, 20_000);

      const publisher = new KafkaEventPublisher(kafka, { topic: feedTopic });
      const first = interleaved(30, 1);
      await publisher.publish(first);
      await until('first wave seen', () => first.every((e) => seen.has(e.eventId)));
      assert.ok(new Set(first.map((e) => seen.get(e.eventId))).size === 2, 'both members consumed');

      await a.stop();
      await until('b took over every partition', () => assigned.get('b')?.length === 3);
      const second = interleaved(12, 1, 100);
      await publisher.publish(second);
      await publisher.close();
      await until('second wave seen by b', () => second.every((e) => seen.get(e.eventId) === 'b'));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('ensureTopic finds an existing topic and explains a cluster that cannot create one', async (): Promise<void> => {
    assert.deepEqual(await ensureTopic(admin, publishTopic, 3), { outcome: 'exists', partitions: 3 });
    const missing = `kafka-bus.missing-${run}`;
    if (engine!.kind === 'mock') {
      await assert.rejects(ensureTopic(admin, missing, 3), (e: unknown) => {
        return e instanceof TopicUnavailable && /does not support CreateTopics/.test(e.message);
      });
    } else {
      assert.deepEqual(await ensureTopic(admin, missing, 2), { outcome: 'created', partitions: 2 });
      await admin.deleteTopics({ topics: [missing] });
    }
  });

  test('the health indicator: up with the topic, down without it or without brokers', async () => {
    const health = new HealthIndicatorService();
    const up = kafkaHealthIndicator(kafka, { topic: publishTopic });
    const result = await up.check(health);
    assert.equal(result.kafka?.status, 'up');
    assert.equal(result.kafka?.partitions, 3);
    await up.close();

    const noTopic = kafkaHealthIndicator(kafka, { topic: `kafka-bus.absent-${run}`, timeoutMs: 3_000 });
    assert.equal((await noTopic.check(health)).kafka?.status, 'down');
    await noTopic.close();

    // A closed port: the check must answer down within its timeout, not hang.
    const silent = { ...quiet, error: () => undefined };
    const nowhere = createKafkaClient({
      brokers: ['127.0.0.1:1'],
      logger: silent,
      config: { retry: { retries: 0 } },
    });
    const down = kafkaHealthIndicator(nowhere, { topic: publishTopic, timeoutMs: 1_000 });
    const started = Date.now();
    assert.equal((await down.check(health)).kafka?.status, 'down');
    assert.ok(Date.now() - started < 2_000);
    await down.close();
  });
});
