import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RegistryImporter } from '@registry/application';
import { RegistryConfig } from '@registry/config';
import { RegistryLogger, createRegistryHttpApp } from '@registry/registry-runtime';
import { readSeedSource } from '@registry/seed';
import { AppModule } from './app.module';

/** Imports MCP_REGISTRY_SEED_FROM, in order, through the same command path as publish. */
export async function seedRegistry(app: NestFastifyApplication, config: RegistryConfig): Promise<void> {
  if (config.seedFrom === undefined) return;
  const logger = new Logger('Seed');
  logger.log(`importing ${config.seedFrom}`);
  const report = await app
    .get(RegistryImporter)
    .importEntries(readSeedSource(config.seedFrom, {}), (outcome) => {
      // A restart imports the same source again: versions already present are expected, not news.
      if (outcome.kind === 'skipped' && !/duplicate version/.test(outcome.reason)) {
        logger.warn(`skipped ${outcome.name ?? '?'}@${outcome.version ?? '?'}: ${outcome.reason}`);
      }
    });
  logger.log(`imported ${report.imported}, skipped ${report.skipped}, ${report.warnings} warnings`);
}

/** Builds the all-in-one registry app (not yet listening), and imports MCP_REGISTRY_SEED_FROM. */
export async function createRegistryApp(
  config: RegistryConfig,
  options: { logger?: RegistryLogger | false } = {},
): Promise<NestFastifyApplication> {
  const app = await createRegistryHttpApp(AppModule.forRoot(config), config, options.logger, {
    hotRoutes: true,
  });
  await seedRegistry(app, config);
  return app;
}
