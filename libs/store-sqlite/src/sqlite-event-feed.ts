import { Logger } from '@nestjs/common';
import {
  EventFeed,
  FeedBatch,
  FeedCheckpoint,
  FeedSubscription,
  LOG_SOURCE,
} from '@registry/application/ports';
import { SqliteEventStore } from './sqlite-event-store';

const BATCH = 1_000;

/**
 * The embedded event bus: the tail of the SQLite log. In-process appends wake subscribers at once;
 * a slow poll picks up appends made by other processes on the same files (the CLI's import).
 */
export class SqliteEventFeed implements EventFeed {
  private readonly logger = new Logger('SqliteEventFeed');

  constructor(
    private readonly store: SqliteEventStore,
    private readonly pollMs = 250,
  ) {}

  subscribe(
    consumer: string,
    start: () => Promise<FeedCheckpoint>,
    handler: (batch: FeedBatch) => Promise<void>,
  ): FeedSubscription {
    let stopped = false;
    let running: Promise<void> | undefined;
    let again = false;

    const drain = async (): Promise<void> => {
      let position = (await start())[LOG_SOURCE] ?? 0;
      for (;;) {
        const events = this.store.readFromSync(position, BATCH);
        if (events.length === 0 || stopped) return;
        position = events.at(-1)!.position;
        await handler({ events, checkpoint: { [LOG_SOURCE]: position } });
      }
    };
    const wake = (): void => {
      if (stopped) return;
      if (running !== undefined) {
        again = true;
        return;
      }
      running = drain()
        .catch((error: unknown) => this.logger.error(`subscriber ${consumer} failed: ${String(error)}`))
        .finally(() => {
          running = undefined;
          if (again) {
            again = false;
            wake();
          }
        });
    };
    const unlisten = this.store.onCommit(wake);
    const timer = setInterval(wake, this.pollMs);
    timer.unref();
    wake();
    return {
      stop: async () => {
        stopped = true;
        unlisten();
        clearInterval(timer);
        await running;
      },
    };
  }
}
