import { DynamicModule, Module } from '@nestjs/common';
import { RegistryConfig } from '@registry/config';
import { allInOneRoles, registryApiModules, registryModules } from '@registry/registry-runtime';

/**
 * The all-in-one registry: the HTTP API, the projector, the verifier (and the outbox relay when the
 * bus is Kafka) in one process; on the embedded store by default.
 */
@Module({})
export class AppModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [...registryModules(config, allInOneRoles(config)), ...registryApiModules(config)],
    };
  }
}
