import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  PackageOwnershipCheck,
  RegistryApplicationModule,
  RegistryImporter,
  RegistryOperations,
} from '@registry/application';
import { RegistryConfig } from '@registry/config';
import { OutboundHttp } from '@registry/outbound-http';
import { PackageOwnershipVerifier, registryValidationError } from '@registry/package-registries';
import { SqliteStoreModule } from '@registry/store-sqlite';

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

/** The embedded store and the application layer on it: what every embedded process runs. */
export function embeddedCoreModules(
  config: RegistryConfig,
  options: { watchReadModel: boolean },
): DynamicModule[] {
  return [
    SqliteStoreModule.forRoot({
      dataDir: config.dataDir,
      metaNamespace: config.metaNamespace,
      watchReadModel: options.watchReadModel,
    }),
    RegistryApplicationModule.forRoot({
      settings: {
        metaNamespace: config.metaNamespace,
        readYourWritesTimeoutMs: config.readYourWritesTimeoutMs,
        enableRegistryValidation: config.enableRegistryValidation,
      },
      packageOwnership: packageOwnershipFor(config),
      runProjector: true,
    }),
  ];
}

@Module({})
class OperatorModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return { module: OperatorModule, imports: embeddedCoreModules(config, { watchReadModel: false }) };
  }
}

/**
 * Opens the embedded registry in this process without HTTP, for operator work (import, replay).
 * It may run beside a serving registry on the same data directory: SQLite serialises the writers,
 * and the serving process picks up new events and read model switches by polling.
 */
export async function openRegistry(
  config: RegistryConfig,
): Promise<{ operations: RegistryOperations; close(): Promise<void>; get<T>(token: symbol): T }> {
  const app: INestApplicationContext = await NestFactory.createApplicationContext(
    OperatorModule.forRoot(config),
    {
      logger: ['error', 'warn'],
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
