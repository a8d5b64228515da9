import { join } from 'node:path';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  DeliveryStore,
  EventFeed,
  EventPublisher,
  EventStore,
  InProcessJobQueue,
  JobQueue,
  PollingEventFeed,
  ReadModel,
  ReadModelProjection,
  ReadModelRebuilder,
  RelayCheckpointStore,
} from '@registry/application';
import {
  KafkaEventFeed,
  KafkaEventPublisher,
  createKafkaClient,
  kafkaSecurityOptions,
  kafkaHealthIndicator,
} from '@registry/bus-kafka';
import { RegistryConfig } from '@registry/config';
import { RegistryHealthIndicator } from '@registry/http-kit';
import { BullMqJobQueue } from '@registry/jobs';
import {
  LiveMongoReadModel,
  MongoEventStore,
  MongoReadModelSets,
  MongoDeliveryStore,
  MongoRelayCheckpointStore,
  mongoHealthIndicator,
} from '@registry/store-mongo';
import { SqliteDeliveryStore, SqliteRelayCheckpoint, SqliteStore } from '@registry/store-sqlite';
import { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';

/** What a process does; the engines it opens follow from it and from the configured adapters. */
export type RegistryRole = 'api' | 'projector' | 'relay' | 'verifier' | 'federation' | 'operator';

type ProjectedReadModel = ReadModel & ReadModelProjection;

/**
 * The engines of one process, opened once from the configuration: the event store, event feed, read
 * model, outbox relay pieces and job queue, each on the adapter its port is configured with. Closed
 * on shutdown in the reverse order.
 */
@Injectable()
export class RegistryEngines implements OnApplicationShutdown {
  private readonly logger = new Logger('RegistryEngines');
  private readonly closers: Array<() => Promise<void> | void> = [];
  eventStore!: EventStore;
  feed!: EventFeed;
  readModel!: ProjectedReadModel;
  rebuilder!: ReadModelRebuilder;
  publisher: EventPublisher | undefined;
  relayCheckpoint: RelayCheckpointStore | undefined;
  jobs!: JobQueue;
  /** Webhook deliveries (processes serving subscriptions or running the federation worker). */
  deliveries: DeliveryStore | undefined;
  readonly health: RegistryHealthIndicator[] = [];
  sqlite: SqliteStore | undefined;

  private constructor(private readonly config: RegistryConfig) {}

  static async open(config: RegistryConfig, roles: ReadonlySet<RegistryRole>): Promise<RegistryEngines> {
    const engines = new RegistryEngines(config);
    try {
      await engines.openAll(roles);
    } catch (error) {
      await engines.onApplicationShutdown();
      throw error;
    }
    return engines;
  }

  private async openAll(roles: ReadonlySet<RegistryRole>): Promise<void> {
    const { adapters, distributed } = this.config;
    let mongo: MongoClient | undefined;
    if (adapters.eventStore === 'mongodb' || adapters.readModel === 'mongodb') {
      mongo = await MongoClient.connect(distributed.mongodbUri!);
      this.closers.push(() => mongo!.close());
      this.health.push(mongoHealthIndicator(mongo));
    }
    if (adapters.eventStore === 'sqlite' || adapters.readModel === 'sqlite') {
      this.sqlite = new SqliteStore({
        dataDir: this.config.dataDir,
        metaNamespace: this.config.metaNamespace,
        watchReadModel: roles.has('api'),
        // Serving and projecting from the embedded log in one process: each commit projects its own
        // events in the writer thread, off the event loop serving requests and without a round trip
        // through it (publishes wait on the projection for read-your-writes).
        projectInWriter:
          roles.has('api') &&
          roles.has('projector') &&
          adapters.eventStore === 'sqlite' &&
          adapters.readModel === 'sqlite' &&
          adapters.eventBus === 'log',
      });
      const sqlite = this.sqlite;
      this.closers.push(() => sqlite.close());
      this.health.push(sqliteHealth(sqlite));
    }

    this.eventStore =
      adapters.eventStore === 'sqlite'
        ? this.sqlite!.events
        : await MongoEventStore.open(mongo!, distributed.mongodbDatabase);

    if (adapters.readModel === 'sqlite') {
      this.readModel = this.sqlite!.readModel;
      this.rebuilder = this.sqlite!;
    } else {
      const sets = await MongoReadModelSets.open(
        mongo!.db(distributed.mongodbDatabase),
        this.config.metaNamespace,
      );
      const live = await LiveMongoReadModel.open(sets);
      if (roles.has('api') || roles.has('projector')) live.watch();
      this.closers.push(() => live.close());
      this.readModel = live;
      this.rebuilder = {
        rebuild: (p) => live.rebuild(this.eventStore, p),
        dropPrevious: () => sets.dropPrevious(),
      };
    }

    let kafka: Kafka | undefined;
    // Only processes that consume or relay need Kafka (an API replica reads the read model).
    if (
      adapters.eventBus === 'kafka' &&
      (roles.has('projector') || roles.has('relay') || roles.has('federation'))
    ) {
      kafka = createKafkaClient({
        brokers: distributed.kafkaBrokers,
        clientId: `mcp-registry-${[...roles].join('-')}`,
        config: kafkaSecurityOptions(distributed.kafkaSecurity),
      });
      const indicator = kafkaHealthIndicator(kafka, { topic: distributed.kafkaTopic });
      this.health.push(indicator);
      this.closers.push(() => indicator.close());
      this.feed = new KafkaEventFeed(kafka, {
        topic: distributed.kafkaTopic,
        sessionTimeoutMs: distributed.kafkaSessionTimeoutMs,
        heartbeatIntervalMs: Math.max(500, Math.floor(distributed.kafkaSessionTimeoutMs / 10)),
        maxWaitTimeMs: distributed.kafkaMaxWaitMs,
      });
      if (roles.has('relay')) {
        const publisher = new KafkaEventPublisher(kafka, { topic: distributed.kafkaTopic });
        this.publisher = publisher;
        this.closers.push(() => publisher.close());
        if (adapters.eventStore === 'sqlite') {
          const checkpoint = new SqliteRelayCheckpoint(join(this.config.dataDir, 'events.db'));
          this.closers.push(() => checkpoint.close());
          this.relayCheckpoint = checkpoint;
        } else {
          this.relayCheckpoint = new MongoRelayCheckpointStore(mongo!.db(distributed.mongodbDatabase));
        }
      }
    } else if (adapters.eventBus === 'log') {
      this.feed =
        adapters.eventStore === 'sqlite' ? this.sqlite!.feed : new PollingEventFeed(this.eventStore);
    } else {
      this.feed = NO_FEED;
    }

    if (roles.has('api') || roles.has('federation')) {
      // Deliveries live beside the event log: a file of their own embedded, collections distributed.
      const deliveries =
        adapters.eventStore === 'sqlite'
          ? new SqliteDeliveryStore(join(this.config.dataDir, 'federation.db'))
          : await MongoDeliveryStore.open(mongo!.db(distributed.mongodbDatabase));
      this.deliveries = deliveries;
      this.closers.push(() => deliveries.close());
    }

    if (adapters.jobs === 'bullmq') {
      const queue = new BullMqJobQueue({ connection: distributed.redisUrl! });
      this.jobs = queue;
      this.health.push(queue.healthIndicator());
    } else {
      this.jobs = new InProcessJobQueue();
    }
    const jobs = this.jobs;
    this.closers.push(() => jobs.close());
    this.logger.log(
      `engines: event store ${adapters.eventStore}, read model ${adapters.readModel}, ` +
        `bus ${adapters.eventBus}, jobs ${adapters.jobs}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        this.logger.warn(`closing: ${String(error)}`);
      }
    }
  }
}

/** The feed of a process that consumes none (an API replica on the Kafka bus). */
const NO_FEED: EventFeed = {
  subscribe: () => {
    throw new Error('this process does not consume the event bus');
  },
};

function sqliteHealth(store: SqliteStore): RegistryHealthIndicator {
  return {
    key: 'sqlite',
    check: (health) => {
      const indicator = health.check('sqlite');
      try {
        store.events.ping();
        store.readModel.ping();
        return indicator.up({ head: store.events.headPositionSync() });
      } catch (error) {
        return indicator.down({ message: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}
