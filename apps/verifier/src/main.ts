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

const ROLES: ReadonlySet<RegistryRole> = new Set<RegistryRole>(['verifier']);

@Module({})
class VerifierModule {
  static forRoot(config: RegistryConfig) {
    return { module: VerifierModule, imports: [...registryModules(config, ROLES), healthModule(config)] };
  }
}

/**
 * verifier: BullMQ workers that re-check, on a schedule and on demand, that every latest version's
 * packages still point back at their server, and record each changed outcome as an event. Workers
 * stay paused until Redis answers. Serves /livez, /readyz and /metrics on MCP_REGISTRY_HEALTH_ADDRESS.
 */
runRegistryProcess('verifier', async (config, logger) => {
  const app = await createRegistryHttpApp(VerifierModule.forRoot(config), config, logger);
  await listenOn(app, config.healthAddress, 'Verifier');
});
