import { DynamicModule, Module } from '@nestjs/common';
import { RegistryConfig } from '@registry/config';
import { AuthModule } from '@registry/auth';
import { HealthModule } from '@registry/http-kit';
import { RegistryHttpModule } from '@registry/registry-http';
import { embeddedCoreModules, resolveJwtKey } from '@registry/registry-runtime';
import { SqliteHealthIndicator } from './sqlite-health.indicator';

/** The all-in-one registry: HTTP API, projector and store in one process on the embedded store. */
@Module({})
export class AppModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...embeddedCoreModules(config, { watchReadModel: true }),
        AuthModule.forRoot({
          jwtPrivateKeyHex: resolveJwtKey(config),
          enableAnonymousAuth: config.enableAnonymousAuth,
          githubApiBaseUrl: config.github.apiBaseUrl,
          githubOidcIssuer: config.github.oidcIssuer,
          githubOidcAudience: config.github.oidcAudience,
          oidc: config.oidc,
          dnsResolvers: config.dnsResolvers,
          outboundAllowPrivate: config.outboundAllowPrivate,
        }),
        RegistryHttpModule,
        HealthModule.forRoot({
          githubClientId: config.github.clientId,
          indicators: [SqliteHealthIndicator],
        }),
      ],
    };
  }
}
