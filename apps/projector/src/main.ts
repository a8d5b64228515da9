import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { RegistryConfig } from '@registry/config';
import {
  RegistryRole,
  createRegistryHttpApp,
  healthModule,
  listenOn,
  registryModules,
  runRegistryProcess,
} from '@registry/registry-runtime';

@Module({})
class ProjectorModule {
  static forRoot(config: RegistryConfig) {
    const roles = new Set<RegistryRole>([
      'projector',
      ...(config.adapters.eventBus === 'kafka' ? ['relay' as const] : []),
    ]);
    return { module: ProjectorModule, imports: [...registryModules(config, roles), healthModule(config)] };
  }
}

/**
 * projector: relays committed events to Kafka (one replica at a time, under a Redis lease) and keeps
 * the read model up to date from the topic (one consumer group; replicas split the partitions).
 * Serves /livez, /readyz and /metrics on MCP_REGISTRY_HEALTH_ADDRESS.
 */
runRegistryProcess('projector', async (config, logger) => {
  const app = await createRegistryHttpApp(ProjectorModule.forRoot(config), config, logger);
  await listenOn(app, config.healthAddress, 'Projector');
});
