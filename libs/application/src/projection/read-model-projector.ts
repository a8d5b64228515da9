import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  EVENT_FEED,
  EventFeed,
  FeedCheckpoint,
  FeedSubscription,
  READ_MODEL_PROJECTION,
  ReadModelProjection,
} from '../ports';
import { ProjectionTracker } from './projection-tracker';

/** The position in the embedded log a checkpoint has reached (0 for other sources, such as Kafka). */
function logPosition(checkpoint: FeedCheckpoint): number {
  return checkpoint['log'] ?? 0;
}

/**
 * Keeps the read model up to date: on start it resumes from the read model's own checkpoint, then
 * applies every committed event in order. Applying is idempotent, so at-least-once delivery is fine.
 */
@Injectable()
export class ReadModelProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModelProjector');
  private subscription: FeedSubscription | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(EVENT_FEED) private readonly feed: EventFeed,
    @Inject(READ_MODEL_PROJECTION) private readonly projection: ReadModelProjection,
    private readonly tracker: ProjectionTracker,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.tracker.advance(logPosition(await this.projection.checkpoint()));
    this.subscription = this.feed.subscribe(
      'read-model',
      async () => {
        // The read model may be further than this projector took it (an embedded store's commits
        // project their own events): what its checkpoint says is readable, so writes waiting for it
        // are answered.
        const checkpoint = await this.projection.checkpoint();
        this.tracker.advance(logPosition(checkpoint));
        return checkpoint;
      },
      async (batch) => {
        await this.projection.apply(batch);
        this.tracker.advance(logPosition(batch.checkpoint));
      },
    );
    // Another process may move the read model on (the CLI's import or replay): follow its checkpoint.
    this.timer = setInterval(() => {
      this.projection.checkpoint().then(
        (checkpoint) => this.tracker.advance(logPosition(checkpoint)),
        (error: unknown) => this.logger.warn(`checkpoint read failed: ${String(error)}`),
      );
    }, 1_000);
    this.timer.unref();
    this.logger.log(`projecting from position ${this.tracker.checkpoint}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.subscription?.stop();
  }
}
