import { EventEnvelope } from '@registry/domain/entry';

/**
 * Where a consumer is in each source it reads, keyed by source: `log` (the embedded SQLite log: the
 * last position processed) or `<topic>:<partition>` (Kafka: the last offset processed). A consumer
 * stores it with its own writes, so a restart resumes exactly after what it has applied.
 */
export type FeedCheckpoint = Record<string, number>;

/** The checkpoint key of a feed that tails the event log itself: the last position applied. */
export const LOG_SOURCE = 'log';

/** Events delivered together, and the checkpoint a consumer reaches once it has applied them. */
export interface FeedBatch {
  events: EventEnvelope[];
  checkpoint: FeedCheckpoint;
}

/**
 * Committed events, in order per entry (stream), delivered at least once: a consumer must be
 * idempotent (apply an event only when its stream version is the next one).
 */
export interface EventFeed {
  /**
   * Delivers batches to `handler`, starting after `start()` (the consumer's stored checkpoint;
   * empty = from the beginning). A batch is delivered again if `handler` throws.
   */
  subscribe(
    consumer: string,
    start: () => Promise<FeedCheckpoint>,
    handler: (batch: FeedBatch) => Promise<void>,
  ): FeedSubscription;
}

export interface FeedSubscription {
  stop(): Promise<void>;
}

export const EVENT_FEED = Symbol('EventFeed');

/** The producing side of a distributed event bus: the outbox relay publishes committed events. */
export interface EventPublisher {
  /** Publishes in the given order, keyed by stream id; resolves once the bus has them durably. */
  publish(events: EventEnvelope[]): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_PUBLISHER = Symbol('EventPublisher');

/** Where the outbox relay has got to in the event log (stored beside the log). */
export interface RelayCheckpointStore {
  /** The last position relayed (0 = none). */
  load(): Promise<number>;
  save(position: number): Promise<void>;
}

export const RELAY_CHECKPOINT = Symbol('RelayCheckpointStore');
