import { Logger } from '@nestjs/common';
import { EventEnvelope } from '@registry/domain/entry';
import { EventFeed, EventStore, FeedBatch, FeedCheckpoint, FeedSubscription, LOG_SOURCE } from '../ports';

const BATCH = 1_000;

export interface LogTail {
  /**
   * Events after `position`, in order, at most `limit`. `polled`: this drain was started by the poll
   * (or by a poll and an announcement together), so events nobody announced must be looked for;
   * otherwise only announced appends woke it.
   */
  read(position: number, limit: number, polled: boolean): Promise<EventEnvelope[]> | EventEnvelope[];
  /** How often to look for events nobody announced (other processes' appends). */
  pollMs: number;
  /** Announces appends made in this process, so they are delivered at once; returns the unsubscribe. */
  onAppend?(wake: () => void): () => void;
}

/**
 * Delivers a log's events to one subscriber in order, from the checkpoint `start` gives (asked again
 * at every drain, so a read model switched under it is followed), in batches of at most 1,000. A drain
 * runs on every announced append and every `pollMs`; one at a time, and a wake during a drain runs
 * another after it. A failing handler is logged and retried at the next wake.
 */
export function tailLog(
  tail: LogTail,
  consumer: string,
  start: () => Promise<FeedCheckpoint>,
  handler: (batch: FeedBatch) => Promise<void>,
  logger: Logger,
): FeedSubscription {
  let stopped = false;
  let running: Promise<void> | undefined;
  /** Wakes that came during a drain: another runs after it, polled if any of them was. */
  let again: { polled: boolean } | undefined;
  const drain = async (polled: boolean): Promise<void> => {
    let position = (await start())[LOG_SOURCE] ?? 0;
    for (;;) {
      const events = await tail.read(position, BATCH, polled);
      if (events.length === 0 || stopped) return;
      position = events.at(-1)!.position;
      await handler({ events, checkpoint: { [LOG_SOURCE]: position } });
    }
  };
  const wake = (polled: boolean): void => {
    if (stopped) return;
    if (running !== undefined) {
      again = { polled: polled || again?.polled === true };
      return;
    }
    running = drain(polled)
      .catch((error: unknown) => logger.error(`subscriber ${consumer} failed: ${String(error)}`))
      .finally(() => {
        running = undefined;
        const next = again;
        again = undefined;
        if (next !== undefined) wake(next.polled);
      });
  };
  const unlisten = tail.onAppend?.(() => wake(false));
  const timer = setInterval(() => wake(true), tail.pollMs);
  timer.unref();
  wake(true);
  return {
    stop: async () => {
      stopped = true;
      unlisten?.();
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * An event feed that tails any event store by position, polling: for a MongoDB event store without
 * Kafka (the embedded SQLite store's feed is the same tail, also woken by in-process appends).
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
    const tail: LogTail = { read: (p, n) => this.store.readFrom(p, n), pollMs: this.pollMs };
    return tailLog(tail, consumer, start, handler, this.logger);
  }
}
