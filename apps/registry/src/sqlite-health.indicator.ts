import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ProjectionTracker } from '@registry/application';
import { SqliteStore } from '@registry/store-sqlite';

/** The embedded store answers, and the read model is not far behind the log. */
@Injectable()
export class SqliteHealthIndicator {
  constructor(
    private readonly store: SqliteStore,
    private readonly tracker: ProjectionTracker,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(): Promise<HealthIndicatorResult> {
    const check = this.health.check('sqlite');
    try {
      this.store.events.ping();
      this.store.readModel.ping();
      const head = this.store.events.headPositionSync();
      const lag = head - this.tracker.checkpoint;
      return check.up({ head, projectedTo: this.tracker.checkpoint, lag });
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
