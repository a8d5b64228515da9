import { Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ProjectionTracker } from '@registry/application';
import { RegistryHealthIndicator } from '@registry/http-kit';
import { RegistryEngines } from './registry-engines';

/**
 * Readiness of every engine this process uses (sqlite, mongodb, kafka, redis: one key each), and,
 * where the projector runs, how far the read model is behind the log (`projection.lag`, in events).
 */
@Injectable()
export class EnginesHealthIndicator implements RegistryHealthIndicator {
  readonly key = 'engines';

  constructor(
    private readonly engines: RegistryEngines,
    @Optional() private readonly tracker?: ProjectionTracker,
  ) {}

  async check(health: HealthIndicatorService): Promise<HealthIndicatorResult> {
    const results = await Promise.all(
      this.engines.health.map(async (indicator) => {
        try {
          return await indicator.check(health);
        } catch (error) {
          return health
            .check(indicator.key)
            .down({ message: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
    const merged: HealthIndicatorResult = Object.assign({}, ...results) as HealthIndicatorResult;
    if (this.tracker !== undefined && this.tracker.checkpoint > 0) {
      const head = await this.engines.eventStore.headPosition();
      Object.assign(
        merged,
        health
          .check('projection')
          .up({ head, projectedTo: this.tracker.checkpoint, lag: head - this.tracker.checkpoint }),
      );
    }
    // Terminus sorts each key into `info` or `error` by its status: one down engine fails readiness.
    return merged;
  }
}
