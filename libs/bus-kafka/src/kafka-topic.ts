import { Admin } from 'kafkajs';

export interface EnsureTopicOptions {
  /** Default -1: the broker's default.replication.factor. */
  replicationFactor?: number;
  /**
   * Topic configs used only when the topic is created. Default retention.ms = -1: a consumer whose
   * checkpoint is empty (a new read model, a replay) reads the topic from the beginning, so the topic
   * must keep every event.
   */
  configEntries?: { name: string; value: string }[];
}

export type EnsureTopicResult =
  { outcome: 'exists'; partitions: number } | { outcome: 'created'; partitions: number };

/** The topic is missing and could not be created: the reason says what to do. */
export class TopicUnavailable extends Error {
  constructor(
    readonly topic: string,
    reason: string,
  ) {
    super(`Kafka topic ${topic}: ${reason}`);
    this.name = 'TopicUnavailable';
  }
}

/**
 * Makes sure the events topic exists, creating it with `partitions` if it does not. An existing topic
 * is left as it is, even with fewer partitions: adding partitions moves keys to other partitions and
 * breaks the per-entry order of events already written (repartitioning is an operator's migration).
 *
 * Clusters without CreateTopics (the librdkafka mock the test suites use; locked-down managed Kafka)
 * get a TopicUnavailable that says to pre-create the topic. Call this at start-up only when the
 * deployment lets the registry create topics (KAFKA_CREATE_TOPICS=true); otherwise create the topic
 * with the platform's tooling.
 */
export async function ensureTopic(
  admin: Admin,
  topic: string,
  partitions: number,
  options: EnsureTopicOptions = {},
): Promise<EnsureTopicResult> {
  const existing = await partitionCount(admin, topic);
  if (existing !== undefined) return { outcome: 'exists', partitions: existing };
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: partitions,
          replicationFactor: options.replicationFactor ?? -1,
          configEntries: options.configEntries ?? [{ name: 'retention.ms', value: '-1' }],
        },
      ],
    });
  } catch (error) {
    if (isUnsupported(error)) {
      throw new TopicUnavailable(
        topic,
        'it does not exist and this cluster does not support CreateTopics (the librdkafka mock does not): ' +
          'create it beforehand',
      );
    }
    // Another instance may have created it meanwhile (TOPIC_ALREADY_EXISTS); anything else is real.
    if ((await partitionCount(admin, topic)) === undefined) throw error;
  }
  const created = await partitionCount(admin, topic);
  if (created === undefined) throw new TopicUnavailable(topic, 'created, but the metadata does not show it');
  return { outcome: 'created', partitions: created };
}

async function partitionCount(admin: Admin, topic: string): Promise<number | undefined> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) return undefined;
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  return metadata.topics.find((t) => t.name === topic)?.partitions.length;
}

function isUnsupported(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const type = (error as Error & { type?: unknown }).type;
  return error.name === 'KafkaJSServerDoesNotSupportApiKey' || type === 'UNSUPPORTED_VERSION';
}
