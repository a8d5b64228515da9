import { EventPublisher } from '@registry/application/ports';
import { EventEnvelope } from '@registry/domain/entry';
import { Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { DEFAULT_EVENTS_TOPIC } from './kafka-client';
import { toKafkaMessage } from './kafka-event-codec';

export interface KafkaEventPublisherOptions {
  /** Default `mcp-registry.events`. */
  topic?: string;
  /**
   * Values per produce request, roughly: a big relay batch is split so a request stays under the
   * broker's message.max.bytes (1 MiB by default). Default 512 KiB.
   */
  maxRequestBytes?: number;
}

/**
 * The outbox relay's way onto Kafka. An idempotent producer with one request in flight: retries
 * neither duplicate nor reorder messages within a partition, so each entry's events stay in stream
 * order. `publish` resolves once every in-sync replica has the batch (acks = -1).
 */
export class KafkaEventPublisher implements EventPublisher {
  readonly topic: string;
  private readonly maxRequestBytes: number;
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(kafka: Kafka, options: KafkaEventPublisherOptions = {}) {
    this.topic = options.topic ?? DEFAULT_EVENTS_TOPIC;
    this.maxRequestBytes = options.maxRequestBytes ?? 512 * 1024;
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // The Java client's murmur2 partitioner: other languages' consumers agree on key -> partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      // A missing topic is a deployment error (ensureTopic), not something to create with defaults.
      allowAutoTopicCreation: false,
    });
  }

  async publish(events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    await this.connect();
    for (const messages of this.requests(events.map(toKafkaMessage))) {
      await this.producer.send({ topic: this.topic, acks: -1, messages });
    }
  }

  async close(): Promise<void> {
    const connected = this.connected;
    this.connected = undefined;
    if (connected === undefined) return;
    await connected.catch(() => undefined);
    await this.producer.disconnect();
  }

  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  /** Consecutive runs of messages, each under the size bound (a single oversized one goes alone). */
  private *requests(messages: Message[]): Generator<Message[]> {
    let run: Message[] = [];
    let bytes = 0;
    for (const message of messages) {
      const size = typeof message.value === 'string' ? Buffer.byteLength(message.value) : 0;
      if (run.length > 0 && bytes + size > this.maxRequestBytes) {
        yield run;
        run = [];
        bytes = 0;
      }
      run.push(message);
      bytes += size;
    }
    if (run.length > 0) yield run;
  }
}
