import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/**
 * One dependency /readyz (or /livez) checks: the SQLite store now; MongoDB, Kafka and Redis later.
 *
 *   const sqlite: RegistryHealthIndicator = {
 *     key: 'sqlite',
 *     check: (health) => { db.prepare('select 1').get(); return health.check('sqlite').up(); },
 *   };
 *
 * A throw or a check slower than the module's timeout counts as down.
 */
export interface RegistryHealthIndicator {
  /** Key in the report: `sqlite`, `mongodb`, `kafka`, `redis`. */
  readonly key: string;
  check(health: HealthIndicatorService): Promise<HealthIndicatorResult> | HealthIndicatorResult;
}

/** The indicators /readyz runs (RegistryHealthIndicator[]). */
export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');
/** The indicators /livez runs (RegistryHealthIndicator[]); none by default, so liveness is the process itself. */
export const LIVENESS_INDICATORS = Symbol('LIVENESS_INDICATORS');
export const HEALTH_MODULE_OPTIONS = Symbol('HEALTH_MODULE_OPTIONS');

export interface ResolvedHealthOptions {
  githubClientId: string;
  checkTimeoutMs: number;
}
