import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  PackageOwnershipCheck,
  RegistryApplicationModule,
  RegistryImporter,
  RegistryOperations,
} from '@registry/application';
import { ConfigError, RegistryConfig } from '@registry/config';
import { OutboundHttp } from '@registry/outbound-http';
import { PackageOwnershipVerifier, registryValidationError } from '@registry/package-registries';
import { RegistryRole } from './registry-engines';
import { namespaceSettingsOf } from './namespace-infrastructure';
import { RegistryInfrastructureModule } from './registry-infrastructure.module';
import { RegistryLogger } from './registry-logger';

/** Package ownership checks against the configured package registries. */
export function packageOwnershipFor(config: RegistryConfig): PackageOwnershipCheck {
  const http = new OutboundHttp({ allowPrivateAddresses: config.outboundAllowPrivate, timeoutMs: 10_000 });
  const verifier = new PackageOwnershipVerifier(http, {
    npmBaseUrl: config.packageRegistries.npmBaseUrl,
    pypiBaseUrl: config.packageRegistries.pypiBaseUrl,
    nugetBaseUrl: config.packageRegistries.nugetBaseUrl,
    cratesBaseUrl: config.packageRegistries.cratesBaseUrl,
    ociRegistryOverrides: config.packageRegistries.ociRegistryOverrides,
    ociAuth: config.packageRegistries.ociAuth,
  });
  return {
    // The official publish reports the first failing package, as `registry validation failed for package ...`.
    verify: async (server) =>
      (await verifier.verify(server)).map((f) => ({ message: registryValidationError(f) })),
  };
}

/**
 * In a fleet (the MongoDB event store), the processes that sign tokens (the API) or open webhook
 * secrets (the federation worker, the verifier's GitHub tokens of claims) must share one key: a key
 * generated per process would refuse the others' tokens and seal secrets no other worker can open.
 * The projector needs none.
 */
export function requireSharedKey(config: RegistryConfig, roles: ReadonlySet<RegistryRole>): void {
  if (config.adapters.eventStore !== 'mongodb' || config.jwtPrivateKeyHex !== undefined) return;
  if (!roles.has('api') && !roles.has('federation') && !roles.has('verifier')) return;
  throw new ConfigError(
    'MCP_REGISTRY_JWT_PRIVATE_KEY',
    'required with the MongoDB event store where tokens are signed or secrets sealed and opened (registry-api, federation, verifier): every replica must use the same key',
  );
}

/** The roles of the all-in-one registry: everything, in one process. */
export function allInOneRoles(config: RegistryConfig): Set<RegistryRole> {
  return new Set<RegistryRole>([
    'api',
    'projector',
    'verifier',
    'federation',
    ...(config.adapters.eventBus === 'kafka' ? ['relay' as const] : []),
  ]);
}

/**
 * The engines and the application layer for a process with these roles: the composition root every
 * app (all-in-one, registry-api, projector, verifier) and the CLI share.
 */
export function registryModules(config: RegistryConfig, roles: ReadonlySet<RegistryRole>): DynamicModule[] {
  requireSharedKey(config, roles);
  return [
    RegistryInfrastructureModule.forRoot(config, roles),
    RegistryApplicationModule.forRoot({
      settings: {
        metaNamespace: config.metaNamespace,
        readYourWritesTimeoutMs: config.readYourWritesTimeoutMs,
        enableRegistryValidation: config.enableRegistryValidation,
        ...(config.upstream !== undefined
          ? {
              mirror: {
                url: config.upstream.url,
                names: { include: config.upstream.include, exclude: config.upstream.exclude },
              },
            }
          : {}),
      },
      packageOwnership: packageOwnershipFor(config),
      runProjector: roles.has('projector'),
      ...(config.upstream !== undefined
        ? {
            mirror: {
              run: roles.has('federation'),
              settings: {
                url: config.upstream.url,
                requestedMode: config.upstream.mode,
                names: { include: config.upstream.include, exclude: config.upstream.exclude },
                pollMs: config.upstream.pollMs,
                feedPollMs: 1_000,
                feedPollWithWebhooksMs: 30_000,
                leased: config.distributed.redisUrl !== undefined,
                retryMs: 1_000,
                ...(config.publicUrl !== undefined
                  ? { webhookEndpoint: `${config.publicUrl}/v0.1/x/${config.metaNamespace}/upstream/webhook` }
                  : {}),
                ...(config.upstream.token !== undefined ? { upstreamToken: config.upstream.token } : {}),
              },
            },
          }
        : {}),
      federation: {
        api: roles.has('api'),
        worker: roles.has('federation'),
        settings: {
          subscriptionsPerOwner: config.federation.subscriptionsPerOwner,
          deliveryConcurrency: config.federation.deliveryConcurrency,
          sweepIntervalMs: 30_000,
          retentionMs: config.federation.deliveryRetentionDays * 24 * 3_600_000,
          allowPrivateAddresses: config.outboundAllowPrivate,
        },
      },
      namespaces: {
        api: roles.has('api'),
        worker: roles.has('verifier'),
        settings: namespaceSettingsOf(config),
      },
      warmEntryCache: roles.has('api'),
    }),
  ];
}

@Module({})
class OperatorModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    // Embedded: the CLI projects what it imports itself (no registry may be running). Distributed:
    // the projector app does, fed by the relay.
    const roles = new Set<RegistryRole>([
      'operator',
      ...(config.adapters.eventBus === 'log' ? ['projector' as const] : []),
    ]);
    return { module: OperatorModule, imports: registryModules(config, roles) };
  }
}

/**
 * Opens the registry's store in this process without HTTP, for operator work (import, replay).
 * It may run beside a serving registry on the same data directory: SQLite serialises the writers,
 * and the serving process picks up new events and read model switches by polling.
 */
export async function openRegistry(
  config: RegistryConfig,
): Promise<{ operations: RegistryOperations; close(): Promise<void>; get<T>(token: symbol): T }> {
  const logger = RegistryLogger.forOperator(config);
  const app: INestApplicationContext = await NestFactory.createApplicationContext(
    OperatorModule.forRoot(config),
    {
      logger,
    },
  );
  app.enableShutdownHooks();
  await app.init();
  return {
    operations: app.get(RegistryImporter),
    close: () => app.close(),
    get: <T>(token: symbol) => app.get<T>(token),
  };
}
