import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { RegistryHealthIndicator } from '@registry/http-kit/health/health-indicator';
import { Admin, Kafka } from 'kafkajs';
import { DEFAULT_EVENTS_TOPIC } from './kafka-client';

export interface KafkaHealthOptions {
  /** The topic whose metadata must be readable. Default `mcp-registry.events`. */
  topic?: string;
  /** Default 2 s. */
  timeoutMs?: number;
}

export interface KafkaHealthIndicator extends RegistryHealthIndicator {
  /** Disconnects the indicator's admin client (on shutdown). */
  close(): Promise<void>;
}

/**
 * /readyz's view of Kafka: up when the cluster answers a metadata request for the events topic, with
 * a leader for every partition, within `timeoutMs`. One admin connection is kept between checks and
 * dropped after a failure, so the next check connects afresh.
 */
export function kafkaHealthIndicator(kafka: Kafka, options: KafkaHealthOptions = {}): KafkaHealthIndicator {
  const topic = options.topic ?? DEFAULT_EVENTS_TOPIC;
  const timeoutMs = options.timeoutMs ?? 2_000;
  let admin: Promise<Admin> | undefined;

  const drop = async (): Promise<void> => {
    const current = admin;
    admin = undefined;
    if (current !== undefined) await current.then((a) => a.disconnect()).catch(() => undefined);
  };
  const probe = async (): Promise<{ partitions: number }> => {
    admin ??= (async () => {
      const client = kafka.admin({ retry: { retries: 0 } });
      await client.connect();
      return client;
    })();
    const metadata = await (await admin).fetchTopicMetadata({ topics: [topic] });
    const partitions = metadata.topics.find((t) => t.name === topic)?.partitions ?? [];
    if (partitions.length === 0) throw new Error(`topic ${topic} has no partitions`);
    const leaderless = partitions.filter((p) => p.leader < 0).map((p) => p.partitionId);
    if (leaderless.length > 0) throw new Error(`partitions without a leader: ${leaderless.join(', ')}`);
    return { partitions: partitions.length };
  };

  return {
    key: 'kafka',
    async check(health: HealthIndicatorService): Promise<HealthIndicatorResult> {
      const indicator = health.check('kafka');
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no metadata within ${timeoutMs} ms`)), timeoutMs);
        });
        const { partitions } = await Promise.race([probe(), timeout]);
        return indicator.up({ topic, partitions, metadataMs: Date.now() - started });
      } catch (error) {
        // Not awaited: a connect that hangs must not hold the health report past its timeout.
        void drop();
        return indicator.down({ topic, message: error instanceof Error ? error.message : String(error) });
      } finally {
        clearTimeout(timer);
      }
    },
    close: drop,
  };
}
