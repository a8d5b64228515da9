import { KafkaTopicSpec, TestKafka, startKafkaMock } from '@test/support/engines/kafka-mock';
import { TestRedis, startRedis } from '@test/support/engines/redis';

/** Kafka (the librdkafka protocol mock, or KAFKA_BROKERS) and Redis (private, or REDIS_URL) for the pipeline. */
export interface PipelineEngines {
  kafka: TestKafka;
  redis: TestRedis;
  stop(): Promise<void>;
}

/**
 * The same launchers the fleet tests use. Their notices go to stdout, which carries the bench's
 * table, so they are moved to stderr while the engines start.
 */
export async function startPipelineEngines(topics: KafkaTopicSpec[]): Promise<PipelineEngines> {
  const log = console.log;
  console.log = (...args: unknown[]) => process.stderr.write(`[bench] ${args.map(String).join(' ')}\n`);
  try {
    const kafka = await startKafkaMock({ topics });
    let redis: TestRedis;
    try {
      redis = await startRedis();
    } catch (error) {
      await kafka.stop();
      throw error;
    }
    return {
      kafka,
      redis,
      stop: async () => {
        await redis.stop();
        await kafka.stop();
      },
    };
  } finally {
    console.log = log;
  }
}
