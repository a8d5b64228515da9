import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { OutboxRelay } from '@registry/application';
import { FeedBatch } from '@registry/application/ports';
import { KafkaEventFeed, KafkaEventPublisher, KafkaLogger, createKafkaClient } from '@registry/bus-kafka';
import {
  LiveSqliteReadModel,
  ReadModelFiles,
  SqliteEventStore,
  SqliteReadModel,
  SqliteRelayCheckpoint,
} from '@registry/store-sqlite';
import { BenchSettings } from '../bench-settings';
import { appendSyntheticLog } from '../dataset/synthetic-log';
import { PipelineEngines } from '../processes/pipeline-engines';

const RELAY_ONLY_TOPIC = 'mcp-registry.bench-relay-only';
const REPLAY_TOPIC = 'mcp-registry.bench-replay';
/**
 * The librdkafka mock keeps only about 5 MB per partition (older segments go), so a topic cannot hold
 * a large log for a consumer that starts later. The replay therefore runs the relay and the consumer
 * together, the relay held at most REPLAY_WINDOW events ahead, on enough partitions that the window
 * stays well inside what the mock keeps.
 */
const REPLAY_PARTITIONS = 32;
const REPLAY_WINDOW = 50_000;
export const REPLAY_TOPICS = [
  { name: RELAY_ONLY_TOPIC, partitions: REPLAY_PARTITIONS },
  { name: REPLAY_TOPIC, partitions: REPLAY_PARTITIONS },
];
const META_NAMESPACE = 'io.github.registry-bench';

/** One timed phase of the replay: how many events, how long, so events per second. */
export interface ReplayPhase {
  label: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

export interface ReplayRateResult {
  /** Events in the log (entries × 3). */
  events: number;
  generated: ReplayPhase;
  embeddedRebuild: ReplayPhase;
  /** The outbox relay alone, publishing the whole log to a topic nobody reads. */
  relay: ReplayPhase;
  /** Relay and KafkaEventFeed consumer together, until the read model has the last event. */
  distributed: ReplayPhase;
}

function phase(label: string, events: number, seconds: number): ReplayPhase {
  return { label, events, seconds, eventsPerSecond: seconds > 0 ? events / seconds : 0 };
}

/** kafkajs and the feed talk at INFO on every join; only warnings and errors reach stderr. */
const quietKafkaLogger: KafkaLogger = {
  log: () => undefined,
  warn: (message: unknown) => process.stderr.write(`[kafka] ${String(message)}\n`),
  error: (message: unknown) => process.stderr.write(`[kafka] ${String(message)}\n`),
};

/**
 * Projector catch-up on replay. A log of `settings.replayEvents` events is appended straight into the
 * embedded event store, then (a) the embedded read model is rebuilt from it (LiveSqliteReadModel), and
 * (b) the outbox relay publishes it all to Kafka and a KafkaEventFeed consumer applies the topic into
 * a fresh SQLite read model, each phase timed on its own, in this process.
 */
export async function runReplayRate(
  settings: BenchSettings,
  engines: PipelineEngines,
  log: (message: string) => void,
): Promise<ReplayRateResult> {
  Logger.overrideLogger(['error', 'warn']);
  const dir = mkdtempSync(join(tmpdir(), 'registry-bench-replay-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  const kafka = createKafkaClient({ brokers: engines.kafka.brokers, logger: quietKafkaLogger });
  const relayOnlyPublisher = new KafkaEventPublisher(kafka, { topic: RELAY_ONLY_TOPIC });
  const publisher = new KafkaEventPublisher(kafka, { topic: REPLAY_TOPIC });
  const relayOnlyCheckpoint = new SqliteRelayCheckpoint(join(dir, 'events.db'), 'bench-relay-only');
  const checkpoint = new SqliteRelayCheckpoint(join(dir, 'events.db'), 'bench-replay');
  const projected = new SqliteReadModel(join(dir, 'kafka-read-model.db'), META_NAMESPACE);
  let live: LiveSqliteReadModel | undefined;
  try {
    const entries = Math.ceil(settings.replayEvents / 3);
    log(`replay-rate: appending ${entries} entries (${entries * 3} events) to the event store`);
    let nextNotice = 100_000;
    const gen = await appendSyntheticLog(store, entries, (n) => {
      if (n >= nextNotice) {
        log(`replay-rate: ${n} events appended`);
        nextNotice += 100_000;
      }
    });
    const total = gen.events;
    log(`replay-rate: ${total} events in ${gen.seconds.toFixed(1)} s; rebuilding the embedded read model`);

    live = new LiveSqliteReadModel(new ReadModelFiles(dir), META_NAMESPACE);
    let started = performance.now();
    const rebuilt = await live.rebuild(store);
    const embeddedRebuild = phase(
      'embedded: LiveSqliteReadModel.rebuild',
      rebuilt.events,
      (performance.now() - started) / 1000,
    );
    log(`replay-rate: rebuild ${embeddedRebuild.eventsPerSecond.toFixed(0)} events/s; relaying to Kafka`);

    const relayOnly = new OutboxRelay(store, relayOnlyPublisher, relayOnlyCheckpoint, {
      logger: quietKafkaLogger,
    });
    started = performance.now();
    let relayed = 0;
    for (let n = await relayOnly.relayOnce(); n > 0; n = await relayOnly.relayOnce()) relayed += n;
    const relayPhase = phase(
      'distributed: outbox relay alone → Kafka',
      relayed,
      (performance.now() - started) / 1000,
    );
    log(`replay-rate: relay alone ${relayPhase.eventsPerSecond.toFixed(0)} events/s; relay + projection`);

    const feed = new KafkaEventFeed(kafka, {
      topic: REPLAY_TOPIC,
      groupPrefix: `bench-replay-${process.pid}.`,
      sessionTimeoutMs: 6_000,
      maxWaitTimeMs: 50,
      logger: quietKafkaLogger,
    });
    const relay = new OutboxRelay(store, publisher, checkpoint, { logger: quietKafkaLogger });
    started = performance.now();
    let applied = 0;
    let reachedHead: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (reachedHead = resolve));
    const subscription = feed.subscribe(
      'read-model',
      () => projected.checkpoint(),
      async (batch: FeedBatch) => {
        projected.applySync(batch);
        applied += batch.events.length;
        if (applied >= total) reachedHead();
      },
    );
    let sent = 0;
    for (;;) {
      while (sent - applied > REPLAY_WINDOW) await new Promise((resolve) => setTimeout(resolve, 5));
      const n = await relay.relayOnce();
      if (n === 0) break;
      sent += n;
    }
    await done;
    const together = (performance.now() - started) / 1000;
    await subscription.stop();
    log(`replay-rate: relay + projection ${(applied / together).toFixed(0)} events/s`);
    return {
      events: total,
      generated: phase('log generation (SqliteEventStore.append)', total, gen.seconds),
      embeddedRebuild,
      relay: relayPhase,
      distributed: phase(
        'distributed: relay + KafkaEventFeed → SqliteReadModel, together',
        applied,
        together,
      ),
    };
  } finally {
    await relayOnlyPublisher.close().catch(() => undefined);
    await publisher.close().catch(() => undefined);
    relayOnlyCheckpoint.close();
    projected.close();
    live?.close();
    checkpoint.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
