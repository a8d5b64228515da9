import { Logger } from '@nestjs/common';
import { EventFeed, FeedBatch, FeedCheckpoint, FeedSubscription } from '@registry/application/ports';
import { Kafka } from 'kafkajs';
import { DEFAULT_EVENTS_TOPIC, KafkaLogger } from './kafka-client';
import { FeedConsumerSettings, KafkaFeedSubscription } from './kafka-feed-subscription';

export interface KafkaEventFeedOptions {
  /** Default `mcp-registry.events`. */
  topic?: string;
  /** Group id = prefix + consumer name (`read-model`, `federation`, ...). Default `mcp-registry.`. */
  groupPrefix?: string;
  /** Default 30 s. */
  sessionTimeoutMs?: number;
  /** Default 3 s (less than a third of the session timeout). */
  heartbeatIntervalMs?: number;
  /** How long a rebalance waits for members to re-join. Default 60 s. */
  rebalanceTimeoutMs?: number;
  /** How long a fetch waits on the broker for new messages. Default 1 s. */
  maxWaitTimeMs?: number;
  /** First wait before a failed batch is delivered again; doubled per failure. Default 100 ms. */
  retryBackoffMs?: number;
  /** Default 5 s. */
  maxRetryBackoffMs?: number;
  /**
   * Partitions whose batches may be in the handler at once. Default 1: the handler never runs
   * concurrently with itself. Order within a partition holds at any setting.
   */
  partitionsConsumedConcurrently?: number;
  logger?: KafkaLogger;
}

/**
 * The distributed event bus's consuming side: one Kafka consumer group per consuming app, so the
 * apps' replicas split the topic's partitions between them. Checkpoint keys are `<topic>:<partition>`
 * and values the last offset applied; see KafkaFeedSubscription for delivery and retry.
 */
export class KafkaEventFeed implements EventFeed {
  private readonly logger: KafkaLogger;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaEventFeedOptions = {},
  ) {
    this.logger = options.logger ?? new Logger('KafkaEventFeed');
  }

  /** The consumer group `consumer` joins. */
  groupId(consumer: string): string {
    return `${this.options.groupPrefix ?? 'mcp-registry.'}${consumer}`;
  }

  subscribe(
    consumer: string,
    start: () => Promise<FeedCheckpoint>,
    handler: (batch: FeedBatch) => Promise<void>,
  ): FeedSubscription {
    const o = this.options;
    const settings: FeedConsumerSettings = {
      topic: o.topic ?? DEFAULT_EVENTS_TOPIC,
      groupId: this.groupId(consumer),
      sessionTimeoutMs: o.sessionTimeoutMs ?? 30_000,
      heartbeatIntervalMs: o.heartbeatIntervalMs ?? 3_000,
      rebalanceTimeoutMs: o.rebalanceTimeoutMs ?? 60_000,
      maxWaitTimeMs: o.maxWaitTimeMs ?? 1_000,
      retryBackoffMs: o.retryBackoffMs ?? 100,
      maxRetryBackoffMs: o.maxRetryBackoffMs ?? 5_000,
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 1,
    };
    const subscription = new KafkaFeedSubscription(this.kafka, settings, start, handler, this.logger);
    subscription.begin();
    return subscription;
  }
}
