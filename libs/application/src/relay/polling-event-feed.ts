import { Logger } from '@nestjs/common';
import { EventFeed, EventStore, FeedBatch, FeedCheckpoint, FeedSubscription, LOG_SOURCE } from '../ports';

const BATCH = 1_000;

/**
 * An event feed that tails any event store by position, polling: for a MongoDB event store without
 * Kafka (the embedded SQLite store has its own feed that is also woken by in-process appends).
 */
export class PollingEventFeed implements EventFeed {
  private readonly logger = new Logger('PollingEventFeed');

  constructor(
    private readonly store: Pick<EventStore, 'readFrom'>,
    private readonly pollMs = 250,
  ) {}

  subscribe(
    consumer: string,
    start: () => Promise<FeedCheckpoint>,
    handler: (batch: FeedBatch) => Promise<void>,
  ): FeedSubscription {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const loop = async (): Promise<void> => {
      try {
        let position = (await start())[LOG_SOURCE] ?? 0;
        for (;;) {
          const events = await this.store.readFrom(position, BATCH);
          if (events.length === 0 || stopped) break;
          position = events.at(-1)!.position;
          await handler({ events, checkpoint: { [LOG_SOURCE]: position } });
        }
      } catch (error) {
        this.logger.error(`subscriber ${consumer} failed: ${String(error)}`);
      }
      if (!stopped) timer = setTimeout(() => void (running = loop()), this.pollMs);
    };
    let running = loop();
    return {
      stop: async () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
        await running;
      },
    };
  }
}
