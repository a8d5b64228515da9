import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { RegistryConfig } from '@registry/config';
import {
  RegistryRole,
  createRegistryHttpApp,
  listenOn,
  registryApiModules,
  registryModules,
  runRegistryProcess,
} from '@registry/registry-runtime';

const ROLES: ReadonlySet<RegistryRole> = new Set<RegistryRole>(['api']);

@Module({})
class RegistryApiModule {
  static forRoot(config: RegistryConfig) {
    return {
      module: RegistryApiModule,
      imports: [...registryModules(config, ROLES), ...registryApiModules(config)],
    };
  }
}

/**
 * registry-api: the HTTP API alone, stateless, any number of replicas. Writes append to the shared
 * event store and wait (bounded) until the projector's read model shows them.
 */
runRegistryProcess('registry-api', async (config, logger) => {
  const app = await createRegistryHttpApp(RegistryApiModule.forRoot(config), config, logger, {
    hotRoutes: true,
  });
  await listenOn(app, config.serverAddress, 'RegistryApi');
});
