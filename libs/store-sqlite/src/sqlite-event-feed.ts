import { Logger } from '@nestjs/common';
import { EventEnvelope } from '@registry/domain/entry';
import { EventFeed, FeedBatch, FeedCheckpoint, FeedSubscription } from '@registry/application/ports';
import { LogTail, tailLog } from '@registry/application/relay';
import { SqliteEventStore } from './sqlite-event-store';

/** Envelopes kept for a subscriber that has not taken them yet; beyond this it reads the log. */
const HANDED_OVER = 1_000;

/**
 * The embedded event bus: the tail of the SQLite log. In-process appends wake subscribers at once and
 * hand over the envelopes just committed (taken as they are instead of being read back and parsed
 * again); a slow poll picks up appends made by other processes on the same files (the CLI's import),
 * and a subscriber that fell behind the hand-over reads the log.
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
    let recent: EventEnvelope[] = [];
    /** The last position an in-process commit announced. */
    let announced = 0;
    const tail: LogTail = {
      read: (position, limit, polled) => {
        recent = recent.filter((e) => e.position > position);
        if (recent[0]?.position !== position + 1) {
          // Woken by a commit and caught up with every announced one: the log may already hold the
          // next commit (the writer commits ahead), but its announcement, with its events, follows.
          if (!polled && position >= announced) return [];
          return this.store.readFromSync(position, limit);
        }
        const run: EventEnvelope[] = [];
        for (const e of recent) {
          if (run.length >= limit || e.position !== position + 1 + run.length) break;
          run.push(e);
        }
        return run;
      },
      pollMs: this.pollMs,
      onAppend: (wake) =>
        this.store.onCommit((last, committed) => {
          announced = Math.max(announced, last);
          recent.push(...committed);
          if (recent.length > HANDED_OVER) recent = recent.slice(-HANDED_OVER);
          wake();
        }),
    };
    return tailLog(tail, consumer, start, handler, this.logger);
  }
}
