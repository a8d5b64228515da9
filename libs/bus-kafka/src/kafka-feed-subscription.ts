import { FeedBatch, FeedCheckpoint, FeedSubscription } from '@registry/application/ports';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { KafkaLogger } from './kafka-client';
import { fromKafkaMessage } from './kafka-event-codec';

/** Consecutive failures of one batch after which its partition is reported as stuck. */
const STUCK_AFTER_FAILURES = 5;

/** Resolved consumer settings (see KafkaEventFeedOptions). */
export interface FeedConsumerSettings {
  topic: string;
  groupId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  maxWaitTimeMs: number;
  retryBackoffMs: number;
  maxRetryBackoffMs: number;
  partitionsConsumedConcurrently: number;
}

/** Where this member is in one assigned partition, for the current group generation. */
interface PartitionProgress {
  /** The next offset to hand to the consumer: its checkpoint + 1, then past each applied batch. */
  next: number;
  /** Whether the first fetch after the assignment was checked against the consumer's checkpoint. */
  checked: boolean;
  failures: number;
}

/**
 * One consumer of a KafkaEventFeed: a kafkajs group member that delivers each partition's batches
 * in offset order. The consumer's own checkpoint (stored with its writes) decides where each newly
 * assigned partition starts, not the group's committed offsets: after every assignment it asks
 * `start()` and seeks each partition to checkpoint + 1. Offsets are committed to Kafka after each
 * applied batch only so that lag tools see progress. A failed batch is fetched and delivered again
 * after a backoff, never skipped; meanwhile only its partition waits.
 */
export class KafkaFeedSubscription implements FeedSubscription {
  private stopped = false;
  private requestStop: () => void = () => undefined;
  private readonly stopRequested = new Promise<void>((resolve) => (this.requestStop = resolve));
  private running: Promise<void> = Promise.resolve();
  /** The consumer's checkpoint, asked once per assignment. */
  private checkpoint: Promise<FeedCheckpoint> | undefined;
  private progress = new Map<string, PartitionProgress>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: FeedConsumerSettings,
    private readonly start: () => Promise<FeedCheckpoint>,
    private readonly handler: (batch: FeedBatch) => Promise<void>,
    private readonly logger: KafkaLogger,
  ) {}

  begin(): void {
    this.running = this.supervise();
  }

  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.requestStop();
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
    }
    await this.running;
  }

  /** Runs a kafkajs consumer; replaces it after a crash kafkajs does not recover from by itself. */
  private async supervise(): Promise<void> {
    const { topic, groupId } = this.settings;
    let failures = 0;
    while (!this.stopped) {
      const consumer = this.kafka.consumer({
        groupId,
        sessionTimeout: this.settings.sessionTimeoutMs,
        heartbeatInterval: this.settings.heartbeatIntervalMs,
        rebalanceTimeout: this.settings.rebalanceTimeoutMs,
        maxWaitTimeInMs: this.settings.maxWaitTimeMs,
        allowAutoTopicCreation: false,
      });
      const crashed = new Promise<unknown>((resolve) =>
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (!payload.restart) resolve(payload.error);
        }),
      );
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        failures = 0;
        this.checkpoint = undefined;
        this.progress = new Map();
        const partitions = payload.memberAssignment[topic] ?? [];
        this.logger.log(`${groupId}: assigned ${topic} partitions [${partitions.join(', ')}]`);
        void this.seekAssigned(consumer, partitions);
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        if (!this.stopped) {
          await consumer.run({
            autoCommit: false,
            eachBatchAutoResolve: false,
            partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
            eachBatch: (payload) => this.onBatch(consumer, payload),
          });
          const crash = await Promise.race([crashed, this.stopRequested.then(() => undefined)]);
          if (crash !== undefined) throw crash;
        }
      } catch (error) {
        failures++;
        if (!this.stopped)
          this.logger.error(`${groupId}: consumer failed, starting a new one: ${describe(error)}`);
      }
      await consumer.disconnect().catch((error: unknown) => {
        this.logger.warn(`${groupId}: disconnect failed: ${describe(error)}`);
      });
      if (!this.stopped && failures > 0) await this.pause(this.backoff(failures));
    }
  }

  private async onBatch(consumer: Consumer, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition, messages } = batch;
    if (messages.length === 0 || this.stopped || !payload.isRunning() || payload.isStale()) return;
    const key = `${topic}:${partition}`;
    const first = messages[0]!;
    let progress: PartitionProgress;
    try {
      progress = await this.progressOf(key);
    } catch (error) {
      this.retryLater(
        consumer,
        payload,
        first.offset,
        1,
        `reading the consumer's checkpoint: ${describe(error)}`,
      );
      return;
    }
    // seekAssigned() moved the partition meanwhile: this batch was fetched from the old position.
    if (payload.isStale()) return;
    if (!progress.checked) {
      progress.checked = true;
      if (Number(first.offset) !== progress.next) {
        consumer.seek({ topic, partition, offset: String(progress.next) });
        return;
      }
    } else if (Number(first.offset) > progress.next) {
      this.logger.warn(
        `${this.settings.groupId}: ${key} offsets ${progress.next}..${Number(first.offset) - 1} are gone ` +
          '(retention or compaction); continuing after them',
      );
    }
    const fresh = messages.filter((m) => Number(m.offset) >= progress.next);
    if (fresh.length === 0) {
      payload.resolveOffset(messages[messages.length - 1]!.offset);
      return;
    }
    const last = fresh[fresh.length - 1]!.offset;
    try {
      const events = fresh.map(fromKafkaMessage);
      await this.heartbeating(payload, () => this.handler({ events, checkpoint: { [key]: Number(last) } }));
    } catch (error) {
      progress.failures++;
      this.retryLater(consumer, payload, fresh[0]!.offset, progress.failures, describe(error));
      return;
    }
    progress.failures = 0;
    progress.next = Number(last) + 1;
    payload.resolveOffset(last);
    try {
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: String(progress.next) }] }],
      });
    } catch (error) {
      // Only a progress report: the consumer's checkpoint is what a restart uses.
      this.logger.warn(`${this.settings.groupId}: offset commit for ${key} failed: ${describe(error)}`);
    }
  }

  /**
   * Moves each newly assigned partition to the consumer's checkpoint + 1. Needed even where nothing
   * new arrives: the group's committed offset may be past the checkpoint (a consumer that crashed
   * before storing, or a rebuild from scratch), and no batch would come to correct it. Whichever of
   * this and the partition's first batch gets there first does the check; see onBatch.
   */
  private async seekAssigned(consumer: Consumer, partitions: number[]): Promise<void> {
    const { topic } = this.settings;
    const generation = this.progress;
    for (const partition of partitions) {
      let progress: PartitionProgress;
      try {
        progress = await this.progressOf(`${topic}:${partition}`);
      } catch (error) {
        // onBatch asks again and retries; a partition with nothing new waits for the next assignment.
        this.logger.warn(
          `${this.settings.groupId}: reading the consumer's checkpoint failed: ${describe(error)}`,
        );
        return;
      }
      if (this.progress !== generation || this.stopped) return;
      if (progress.checked) continue;
      progress.checked = true;
      consumer.seek({ topic, partition, offset: String(progress.next) });
    }
  }

  private async progressOf(key: string): Promise<PartitionProgress> {
    const generation = this.progress;
    const known = generation.get(key);
    if (known !== undefined) return known;
    this.checkpoint ??= this.start();
    let checkpoint: FeedCheckpoint;
    try {
      checkpoint = await this.checkpoint;
    } catch (error) {
      this.checkpoint = undefined;
      throw error;
    }
    const progress = generation.get(key) ?? {
      next: (checkpoint[key] ?? -1) + 1,
      checked: false,
      failures: 0,
    };
    generation.set(key, progress);
    return progress;
  }

  /** Re-reads the partition from `offset` after a backoff; the other partitions go on meanwhile. */
  private retryLater(
    consumer: Consumer,
    payload: EachBatchPayload,
    offset: string,
    failures: number,
    reason: string,
  ): void {
    const { topic, partition } = payload.batch;
    const wait = this.backoff(failures);
    const line =
      `${this.settings.groupId}: batch at ${topic}:${partition}@${offset} failed ` +
      `(${failures} in a row), delivering it again in ${wait} ms: ${reason}`;
    // A few failures are weather (a busy store); a partition stuck on one batch needs an operator.
    if (failures >= STUCK_AFTER_FAILURES) this.logger.error(line);
    else this.logger.warn(line);
    consumer.seek({ topic, partition, offset });
    const resume = payload.pause();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      resume();
    }, wait);
    this.timers.add(timer);
  }

  /** Keeps the group session alive while a long batch is applied. */
  private async heartbeating<T>(payload: EachBatchPayload, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => {
      // A rebalance shows up here as an error; kafkajs acts on it after the batch.
      payload.heartbeat().catch(() => undefined);
    }, this.settings.heartbeatIntervalMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  private backoff(failures: number): number {
    return Math.min(this.settings.maxRetryBackoffMs, this.settings.retryBackoffMs * 2 ** (failures - 1));
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.stopRequested.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
