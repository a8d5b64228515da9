import { DynamicModule, Logger, Type } from '@nestjs/common';
import { ConfigError, loadConfig } from '@registry/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthModule } from '@registry/auth';
import { ListenAddress, RegistryConfig } from '@registry/config';
import { HealthModule, configureHttpApp, registryFastifyOptions } from '@registry/http-kit';
import {
  FEDERATION_MONITOR,
  READ_MODEL,
  ReadModel,
  SECRET_SEALER,
  SecretSealer,
  UpstreamMirror,
  UpstreamStateRepository,
} from '@registry/application';
import type { FastifyInstance } from 'fastify';
import { FederationMetrics } from './federation-metrics';
import { RegistryRole } from './registry-engines';
import { REGISTRY_ROLES } from './registry-infrastructure.module';
import { CommandBus } from '@nestjs/cqrs';
import {
  RegistryHttpModule,
  WriteRequest,
  registerPublishRoute,
  registerReadRoutes,
  registerUpstreamWebhookRoute,
} from '@registry/registry-http';
import { registerBrowseUi } from '@registry/registry-ui';
import { EnginesHealthIndicator } from './engines-health.indicator';
import { resolveJwtKey } from './jwt-key';
import { RegistryLogger } from './registry-logger';
import { callerLookupOf, rateLimitOf } from './request-limits';

/** The public HTTP API: auth token exchange, the registry's routes, health, ping and version. */
export function registryApiModules(config: RegistryConfig): Array<DynamicModule | Type> {
  return [
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
    RegistryHttpModule.forRoot({
      version: config.version,
      ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
      ...(config.upstream !== undefined ? { extraExtensions: ['upstream'] } : {}),
    }),
    healthModule(config),
  ];
}

/** /livez, /readyz (every engine, projection lag), /v0/health, /v0/ping, /v0/version. */
export function healthModule(config: RegistryConfig): DynamicModule {
  return HealthModule.forRoot({
    githubClientId: config.github.clientId,
    indicators: [EnginesHealthIndicator],
  });
}

/**
 * Builds a registry process's Nest app on Fastify with the shared HTTP framing (not yet listening).
 * `logger` is the process's (default: one for `options.name` from the configuration); `false` logs
 * nothing at all, neither Nest's messages nor request lines (in-process test registries).
 */
export async function createRegistryHttpApp(
  module: DynamicModule,
  config: RegistryConfig,
  logger?: RegistryLogger | false,
  options: { hotRoutes?: boolean; name?: string } = {},
): Promise<NestFastifyApplication> {
  const log =
    logger === false
      ? RegistryLogger.silent()
      : (logger ?? RegistryLogger.forServer(config, options.name ?? 'registry'));
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter(registryFastifyOptions({ bodyLimit: 1024 * 1024, trustProxy: config.trustProxy })),
    { logger: logger === false ? false : log },
  );
  const { metrics } = await configureHttpApp(app, {
    version: config.version,
    requestLog: log.logs.requests,
    callers: callerLookupOf(app),
    rateLimit: rateLimitOf(app, config),
  });
  const federation = federationMonitorOf(app);
  if (federation instanceof FederationMetrics) federation.attach(metrics);
  if (options.hotRoutes === true) {
    const fastify = app.getHttpAdapter().getInstance();
    registerReadRoutes(fastify, app.get<ReadModel>(READ_MODEL));
    registerPublishRoute(fastify, app.get(WriteRequest), app.get(CommandBus));
    if (config.uiEnabled) registerBrowseUi(fastify, { metaNamespace: config.metaNamespace });
  }
  if (config.upstream !== undefined) registerMirrorWebhook(app, config);
  app.enableShutdownHooks();
  await app.init();
  return app;
}

/** Listens and logs the address actually bound (a port of 0 picks a free one). */
export async function listenOn(
  app: NestFastifyApplication,
  address: ListenAddress,
  what: string,
): Promise<number> {
  await app.listen(address.port, address.host);
  const bound = app.getHttpServer().address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : address.port;
  new Logger(what).log(`listening on ${address.host}:${port}`);
  return port;
}

/**
 * A registry process's `main`: validates the configuration once (a bad value stops start-up with a
 * one-line message naming it, exit 2), routes Nest's Logger to the process's log (JSON lines named
 * `name`), then runs `start`; a failure to start is one fatal line and exit 1.
 */
export function runRegistryProcess(
  name: string,
  start: (config: RegistryConfig, logger: RegistryLogger) => Promise<void>,
): void {
  let config: RegistryConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = RegistryLogger.forServer(config, name);
  Logger.overrideLogger(logger);
  // A crash is a fatal line of the log like any other (scrubbed, in its format), then exit 1 as Node would.
  const crash = (error: unknown): void => {
    logger.fatal(error instanceof Error ? error : new Error(String(error)), name);
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  start(config, logger).catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(2);
    }
    logger.fatal(`failed to start: ${error instanceof Error ? error.message : String(error)}`, name);
    // The log writes its pending lines on exit.
    process.exit(1);
  });
}

/**
 * The federation worker's monitor, in processes that run the worker. Asked by role: Nest's
 * application proxy exits the process when `get` names a provider it does not have.
 */
function federationMonitorOf(app: NestFastifyApplication): unknown {
  const roles = app.get<ReadonlySet<RegistryRole>>(REGISTRY_ROLES, { strict: false });
  return roles.has('federation') ? app.get<unknown>(FEDERATION_MONITOR, { strict: false }) : undefined;
}

/** Where a mirror's upstream delivers webhooks, in processes that serve HTTP (the API). */
function registerMirrorWebhook(app: NestFastifyApplication, config: RegistryConfig): void {
  const roles = app.get<ReadonlySet<RegistryRole>>(REGISTRY_ROLES, { strict: false });
  if (!roles.has('api')) return;
  const mirror = roles.has('federation') ? app.get(UpstreamMirror, { strict: false }) : undefined;
  registerUpstreamWebhookRoute(app.getHttpAdapter().getInstance() as unknown as FastifyInstance, {
    metaNamespace: config.metaNamespace,
    state: app.get(UpstreamStateRepository, { strict: false }),
    sealer: app.get<SecretSealer>(SECRET_SEALER, { strict: false }),
    ...(mirror !== undefined ? { wake: () => mirror.wake() } : {}),
  });
}
