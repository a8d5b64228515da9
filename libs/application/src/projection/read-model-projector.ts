import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  EVENT_FEED,
  EventFeed,
  FeedSubscription,
  READ_MODEL_PROJECTION,
  ReadModelProjection,
} from '../ports';
import { ProjectionTracker } from './projection-tracker';

/**
 * Keeps the read model up to date: on start it resumes from the read model's own checkpoint, then
 * applies every committed event in order. Applying is idempotent, so at-least-once delivery is fine.
 */
@Injectable()
export class ReadModelProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModelProjector');
  private subscription: FeedSubscription | undefined;

  constructor(
    @Inject(EVENT_FEED) private readonly feed: EventFeed,
    @Inject(READ_MODEL_PROJECTION) private readonly projection: ReadModelProjection,
    private readonly tracker: ProjectionTracker,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.tracker.advance(await this.projection.checkpoint());
    this.subscription = this.feed.subscribe(
      'read-model',
      () => this.projection.checkpoint(),
      async (events) => {
        await this.projection.apply(events);
        this.tracker.advance(await this.projection.checkpoint());
      },
    );
    this.logger.log(`projecting from position ${this.tracker.checkpoint}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
