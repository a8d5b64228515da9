import { Logger } from '@nestjs/common';
import { EventEnvelope } from '@registry/domain/entry';
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

    // Envelopes committed in this process, handed over by the store: taken as they are instead of
    // being read back and parsed again; anything else (other processes' appends) is read.
    let recent: EventEnvelope[] = [];
    const take = (position: number): EventEnvelope[] => {
      const first = recent.findIndex((e) => e.position === position + 1);
      if (first < 0) return this.store.readFromSync(position, BATCH);
      const run: EventEnvelope[] = [];
      for (let i = first; i < recent.length && run.length < BATCH; i++) {
        if (recent[i]!.position !== position + 1 + run.length) break;
        run.push(recent[i]!);
      }
      return run;
    };
    const drain = async (): Promise<void> => {
      let position = (await start())[LOG_SOURCE] ?? 0;
      for (;;) {
        const events = take(position);
        if (events.length === 0 || stopped) return;
        position = events.at(-1)!.position;
        await handler({ events, checkpoint: { [LOG_SOURCE]: position } });
        recent = recent.filter((e) => e.position > position);
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
    const unlisten = this.store.onCommit((_last, committed) => {
      recent.push(...committed);
      if (recent.length > BATCH) recent = recent.slice(-BATCH);
      wake();
    });
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
