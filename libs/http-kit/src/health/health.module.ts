import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import {
  HEALTH_INDICATORS,
  HEALTH_MODULE_OPTIONS,
  LIVENESS_INDICATORS,
  RegistryHealthIndicator,
  ResolvedHealthOptions,
} from './health-indicator';
import { ProbesController } from './probes.controller';
import { RegistryHealthController } from './registry-health.controller';

/** An indicator object, or an injectable class whose dependencies `imports` provide. */
export type HealthIndicatorEntry = RegistryHealthIndicator | Type<RegistryHealthIndicator>;

export interface HealthModuleOptions {
  /** Run by /readyz. */
  indicators?: HealthIndicatorEntry[];
  /** Run by /livez; keep external dependencies out of it, or a broken database restarts every pod. */
  livenessIndicators?: HealthIndicatorEntry[];
  /** Modules providing what indicator classes inject. */
  imports?: ModuleMetadata['imports'];
  /** Reported by /v0/health as `github_client_id` (MCP_REGISTRY_GITHUB_CLIENT_ID); left out when empty. */
  githubClientId?: string;
  /** A check slower than this is down; default 3000. */
  checkTimeoutMs?: number;
  /** Terminus logs failed checks; default true. */
  logFailures?: boolean;
}

/**
 * /v0/health, /v0/ping, /v0/version (and /v0.1), /livez and /readyz.
 *
 *   HealthModule.forRoot({ indicators: [sqliteIndicator], githubClientId: config.github.clientId })
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    const readiness = options.indicators ?? [];
    const liveness = options.livenessIndicators ?? [];
    const classes = [...new Set([...readiness, ...liveness].filter(isIndicatorClass))];
    const resolve =
      (entries: HealthIndicatorEntry[]) =>
      (...instances: RegistryHealthIndicator[]): RegistryHealthIndicator[] =>
        entries.map((entry) => (isIndicatorClass(entry) ? instances[classes.indexOf(entry)] : entry));
    const resolved: ResolvedHealthOptions = {
      githubClientId: options.githubClientId ?? '',
      checkTimeoutMs: options.checkTimeoutMs ?? 3000,
    };
    return {
      module: HealthModule,
      imports: [
        TerminusModule.forRoot({ logger: options.logFailures !== false }),
        ...(options.imports ?? []),
      ],
      controllers: [RegistryHealthController, ProbesController],
      providers: [
        { provide: HEALTH_MODULE_OPTIONS, useValue: resolved },
        ...classes,
        { provide: HEALTH_INDICATORS, useFactory: resolve(readiness), inject: classes },
        { provide: LIVENESS_INDICATORS, useFactory: resolve(liveness), inject: classes },
      ],
      exports: [HEALTH_INDICATORS, LIVENESS_INDICATORS],
    };
  }
}

function isIndicatorClass(entry: HealthIndicatorEntry): entry is Type<RegistryHealthIndicator> {
  return typeof entry === 'function';
}
