import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { ProblemErrorDetail, ProblemException } from '../problem/problem-details';
import {
  HEALTH_INDICATORS,
  HEALTH_MODULE_OPTIONS,
  LIVENESS_INDICATORS,
  RegistryHealthIndicator,
  ResolvedHealthOptions,
} from './health-indicator';

/**
 * Kubernetes-style probes (ours, beyond the official): /livez and /readyz run their indicators through
 * Terminus and answer 200 with its report, or 503 problem details naming what is down.
 */
@Controller()
export class ProbesController {
  constructor(
    private readonly healthCheck: HealthCheckService,
    private readonly health: HealthIndicatorService,
    @Inject(HEALTH_INDICATORS) private readonly readiness: RegistryHealthIndicator[],
    @Inject(LIVENESS_INDICATORS) private readonly liveness: RegistryHealthIndicator[],
    @Inject(HEALTH_MODULE_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  @Get('livez')
  livez(): Promise<HealthCheckResult> {
    return this.probe(this.liveness, 'live');
  }

  @Get('readyz')
  readyz(): Promise<HealthCheckResult> {
    return this.probe(this.readiness, 'ready');
  }

  private async probe(indicators: RegistryHealthIndicator[], state: string): Promise<HealthCheckResult> {
    try {
      return await this.healthCheck.check(indicators.map((indicator) => () => this.run(indicator)));
    } catch (error: unknown) {
      if (error instanceof ServiceUnavailableException) throw unavailable(error.getResponse(), state);
      throw error;
    }
  }

  /** Terminus rethrows an indicator's own exception as a 500; here a throw or a hang is just "down". */
  private async run(indicator: RegistryHealthIndicator): Promise<HealthIndicatorResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.options.checkTimeoutMs} ms`)),
        this.options.checkTimeoutMs,
      );
      timer.unref();
    });
    try {
      return await Promise.race([Promise.resolve().then(() => indicator.check(this.health)), timeout]);
    } catch (error: unknown) {
      return this.health
        .check(indicator.key)
        .down({ message: error instanceof Error ? error.message : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}

function unavailable(report: unknown, state: string): ProblemException {
  const result = report as Partial<HealthCheckResult>;
  if (result.status === 'shutting_down') return new ProblemException(503, 'Service is shutting down');
  const down = Object.entries(result.error ?? {});
  const errors: ProblemErrorDetail[] = down.map(([key, value]) => ({
    message: typeof value?.message === 'string' ? `${key} is down: ${value.message}` : `${key} is down`,
    location: key,
    value,
  }));
  const names = down.map(([key]) => key).join(', ');
  return new ProblemException({ status: 503, detail: `Service is not ${state}: ${names} down`, errors });
}
