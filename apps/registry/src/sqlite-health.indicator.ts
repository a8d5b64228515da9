import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ProjectionTracker } from '@registry/application';
import { RegistryHealthIndicator } from '@registry/http-kit';
import { SqliteStore } from '@registry/store-sqlite';

/** The embedded store answers, and how far the read model is behind the log. */
@Injectable()
export class SqliteHealthIndicator implements RegistryHealthIndicator {
  readonly key = 'sqlite';

  constructor(
    private readonly store: SqliteStore,
    private readonly tracker: ProjectionTracker,
  ) {}

  check(health: HealthIndicatorService): HealthIndicatorResult {
    const indicator = health.check(this.key);
    try {
      this.store.events.ping();
      this.store.readModel.ping();
      const head = this.store.events.headPositionSync();
      return indicator.up({
        head,
        projectedTo: this.tracker.checkpoint,
        lag: head - this.tracker.checkpoint,
      });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
