import {
  DynamicModule,
  Provider,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  DELIVERY_STORE,
  EVENT_FEED,
  FEDERATION_MONITOR,
  EVENT_STORE,
  JOB_QUEUE,
  OutboxRelay,
  PackageOwnershipReverifier,
  READ_MODEL,
  READ_MODEL_PROJECTION,
  READ_MODEL_REBUILDER,
  SECRET_SEALER,
  UPSTREAM_SOURCE,
  UpstreamMirror,
  WEBHOOK_SENDER,
  WEBHOOK_URL_POLICY,
  WebhookUrlPolicy,
} from '@registry/application';
import { AesGcmSecretSealer, StandardWebhookSender, checkWebhookUrl } from '@registry/webhooks';
import { DiscoveredUpstreamSource } from '@registry/upstream';
import { FederationMetrics } from './federation-metrics';
import { NAMESPACE_PORTS, namespaceProviders, servesNamespaces } from './namespace-infrastructure';
import { resolveJwtKey } from './jwt-key';
import { RegistryConfig } from '@registry/config';
import { RedisLease } from '@registry/jobs/redis-lease';
import { Redis } from 'ioredis';
import { RegistryEngines, RegistryRole } from './registry-engines';

export const REGISTRY_CONFIG = Symbol('RegistryConfig');
export const REGISTRY_ROLES = Symbol('RegistryRoles');

/**
 * Runs the outbox relay (event log → Kafka) when this process holds the relay lease: any number of
 * projector replicas may run, one relays at a time. Without Redis (a single process) it just runs.
 */
@Injectable()
export class RelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay: OutboxRelay | undefined;
  private lease: RedisLease | undefined;
  private redis: Redis | undefined;

  constructor(
    private readonly engines: RegistryEngines,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { publisher, relayCheckpoint } = this.engines;
    if (publisher === undefined || relayCheckpoint === undefined) return;
    const relay = new OutboxRelay(this.engines.eventStore, publisher, relayCheckpoint, {
      pollMs: this.config.relayPollMs,
    });
    this.relay = relay;
    const redisUrl = this.config.distributed.redisUrl;
    if (redisUrl === undefined) {
      relay.start();
      return;
    }
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    this.redis.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    this.lease = new RedisLease(this.redis, `${this.config.distributed.kafkaTopic}:relay-lease`);
    this.lease.run(
      () => relay.start(),
      () => void relay.stop(),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.lease?.stop();
    this.redis?.disconnect();
  }
}

/**
 * Runs the mirror in the one process of the fleet that holds the mirror lease: every federation
 * replica has the upstream configured, and two mirrors would each read the upstream and race for the
 * position (they would converge, every write being decided on current state, but twice the work).
 */
@Injectable()
export class MirrorRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UpstreamMirror');
  private lease: RedisLease | undefined;
  private redis: Redis | undefined;

  constructor(
    private readonly mirror: UpstreamMirror,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.redis = new Redis(this.config.distributed.redisUrl!, { maxRetriesPerRequest: 1 });
    this.redis.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    // Per event log, like the relay's: registries sharing a Redis but not a log each mirror.
    this.lease = new RedisLease(this.redis, `${this.config.distributed.kafkaTopic}:mirror-lease`);
    this.lease.run(
      () => this.mirror.start(),
      () => void this.mirror.stop(),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.lease?.stop();
    await this.mirror.stop();
    this.redis?.disconnect();
  }
}

/** Runs the package-ownership re-verification workers and declares the sweep schedule. */
@Injectable()
export class VerifierRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private workers: Array<{ close(): Promise<void> }> = [];

  constructor(
    private readonly reverifier: PackageOwnershipReverifier,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Re-checks are package ownership checks: off with them (MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION).
    if (!this.config.enableRegistryValidation) return;
    this.workers = this.reverifier.startWorkers();
    if (this.config.ownershipRecheckIntervalMs > 0) {
      await this.reverifier.scheduleSweep(this.config.ownershipRecheckIntervalMs);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

/**
 * Provides every port from the engines this process's roles need, and runs the relay and the
 * verifier when the roles ask for them. Global, so the application module's handlers find the ports.
 */
@Module({})
export class RegistryInfrastructureModule {
  static forRoot(config: RegistryConfig, roles: ReadonlySet<RegistryRole>): DynamicModule {
    const from = <T>(pick: (e: RegistryEngines) => T) => ({ useFactory: pick, inject: [RegistryEngines] });
    return {
      module: RegistryInfrastructureModule,
      global: true,
      providers: [
        { provide: REGISTRY_CONFIG, useValue: config },
        { provide: REGISTRY_ROLES, useValue: roles },
        { provide: RegistryEngines, useFactory: () => RegistryEngines.open(config, roles) },
        { provide: EVENT_STORE, ...from((e) => e.eventStore) },
        { provide: EVENT_FEED, ...from((e) => e.feed) },
        { provide: READ_MODEL, ...from((e) => e.readModel) },
        { provide: READ_MODEL_PROJECTION, ...from((e) => e.readModel) },
        { provide: READ_MODEL_REBUILDER, ...from((e) => e.rebuilder) },
        { provide: JOB_QUEUE, ...from((e) => e.jobs) },
        PackageOwnershipReverifier,
        ...federationProviders(config, roles),
        ...sealerProviders(config, roles),
        ...namespaceProviders(config, roles),
        ...(roles.has('federation') && config.upstream !== undefined
          ? [{ provide: UPSTREAM_SOURCE, useValue: new DiscoveredUpstreamSource(config.upstream) }]
          : []),
        ...(roles.has('relay') ? [RelayRunner] : []),
        ...(roles.has('federation') &&
        config.upstream !== undefined &&
        config.distributed.redisUrl !== undefined
          ? [MirrorRunner]
          : []),
        ...(roles.has('verifier') ? [VerifierRunner] : []),
      ],
      exports: [
        REGISTRY_CONFIG,
        REGISTRY_ROLES,
        RegistryEngines,
        EVENT_STORE,
        EVENT_FEED,
        READ_MODEL,
        READ_MODEL_PROJECTION,
        READ_MODEL_REBUILDER,
        JOB_QUEUE,
        PackageOwnershipReverifier,
        ...(roles.has('api') || roles.has('federation') ? [DELIVERY_STORE, WEBHOOK_URL_POLICY] : []),
        ...(sealsSecrets(roles) ? [SECRET_SEALER] : []),
        ...(servesNamespaces(roles) ? NAMESPACE_PORTS : []),
        ...(roles.has('federation') ? [WEBHOOK_SENDER, FEDERATION_MONITOR] : []),
        ...(roles.has('federation') && config.upstream !== undefined ? [UPSTREAM_SOURCE] : []),
      ],
    };
  }
}

/** Webhook secrets and GitHub tokens of claims are sealed in the log: these processes seal or open them. */
function sealsSecrets(roles: ReadonlySet<RegistryRole>): boolean {
  return roles.has('api') || roles.has('federation') || roles.has('verifier');
}

function sealerProviders(config: RegistryConfig, roles: ReadonlySet<RegistryRole>): Provider[] {
  if (!sealsSecrets(roles)) return [];
  // Every process of a fleet shares the registry key, so any worker opens any sealed secret.
  return [
    {
      provide: SECRET_SEALER,
      useFactory: () => new AesGcmSecretSealer(Buffer.from(resolveJwtKey(config), 'hex')),
    },
  ];
}

/** The ports of subscriptions and webhook deliveries, for the processes that serve or deliver them. */
function federationProviders(config: RegistryConfig, roles: ReadonlySet<RegistryRole>): Provider[] {
  if (!roles.has('api') && !roles.has('federation')) return [];
  const urls: WebhookUrlPolicy = { refusal: (url) => checkWebhookUrl(url, config.outboundAllowPrivate) };
  const providers: Provider[] = [
    { provide: DELIVERY_STORE, useFactory: (e: RegistryEngines) => e.deliveries, inject: [RegistryEngines] },
    { provide: WEBHOOK_URL_POLICY, useValue: urls },
  ];
  if (roles.has('federation')) {
    providers.push(
      {
        provide: WEBHOOK_SENDER,
        useFactory: () =>
          new StandardWebhookSender({
            allowPrivateAddresses: config.outboundAllowPrivate,
            timeoutMs: config.federation.deliveryTimeoutMs,
          }),
      },
      {
        provide: FEDERATION_MONITOR,
        useFactory: (e: RegistryEngines) => new FederationMetrics(e.deliveries!, e.eventStore),
        inject: [RegistryEngines],
      },
    );
  }
  return providers;
}
