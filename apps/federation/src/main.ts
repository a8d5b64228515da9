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

const ROLES: ReadonlySet<RegistryRole> = new Set<RegistryRole>(['federation']);

@Module({})
class FederationModule {
  static forRoot(config: RegistryConfig) {
    return { module: FederationModule, imports: [...registryModules(config, ROLES), healthModule(config)] };
  }
}

/**
 * federation: consumes the event feed (a Kafka consumer group in distributed mode) and delivers every
 * committed change to each matching sub-registry subscription as a signed Standard Webhook, in order
 * per entry, retried on the Standard Webhooks schedule (BullMQ carries it in distributed mode).
 * Serves /livez, /readyz and /metrics (deliveries, latency, lag, dead letters) on MCP_REGISTRY_HEALTH_ADDRESS.
 */
runRegistryProcess('federation', async (config, logger) => {
  const app = await createRegistryHttpApp(FederationModule.forRoot(config), config, logger);
  await listenOn(app, config.healthAddress, 'Federation');
});
