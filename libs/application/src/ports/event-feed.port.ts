import { EventEnvelope } from '@registry/domain/entry';

/** Committed events delivered in position order (per entry at least), at least once. */
export interface EventFeed {
  /** Calls `handler` with batches of events after `fromPosition`, in order; resolves when stopped. */
  subscribe(
    name: string,
    fromPosition: () => Promise<number>,
    handler: (events: EventEnvelope[]) => Promise<void>,
  ): FeedSubscription;
}

export interface FeedSubscription {
  stop(): Promise<void>;
}

export const EVENT_FEED = Symbol('EventFeed');
