import { FeedCheckpoint } from './event-feed.port';
import { AttemptOutcome } from './webhook-sender.port';

/**
 * Where the federation worker keeps every webhook delivery and each of its attempts. Deliveries are
 * operational records, not registry state: they stay out of the event log (they would multiply it by
 * subscriptions times retries), while every change of a subscription's own state is an event.
 */
export type DeliveryState =
  /** Waiting for an earlier change of the same entry to the same subscription to finish. */
  | 'held'
  /** Due at `nextAttemptAt` (now for a first attempt). */
  | 'scheduled'
  | 'delivered'
  /** Every attempt of the schedule failed, or the endpoint answered 410: kept for inspection and retry. */
  | 'dead'
  /** The subscription was deleted, or the delivery superseded, before it finished. */
  | 'cancelled';

export const FINISHED_DELIVERY_STATES: readonly DeliveryState[] = ['delivered', 'dead', 'cancelled'];

export interface DeliveryAttempt {
  /** 1 for the first. */
  attempt: number;
  at: string;
  outcome: AttemptOutcome;
  status?: number;
  latencyMs: number;
  /** The answer's first 1 KB. */
  responseSnippet?: string;
  error?: string;
}

export interface NewDelivery {
  /** Chosen by the caller: deterministic for feed deliveries (so a re-delivered batch adds nothing), fresh for redeliveries. */
  deliveryId: string;
  subscriptionId: string;
  /** The change's event id: the `webhook-id` header. */
  eventId: string;
  /** The change's global log position. */
  sequence: number;
  /** The entry the change is about: deliveries of one (subscription, streamId) go out in sequence order. */
  streamId: string;
  type: string;
  name: string;
}

export interface DeliveryRecord extends NewDelivery {
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  /** When the next attempt is due (scheduled only). */
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What `recordAttempt` moves a delivery to. */
export type DeliveryNext =
  { state: 'scheduled'; nextAttemptAt: string } | { state: 'delivered' | 'dead' | 'cancelled' };

export interface DeliveryListQuery {
  state?: DeliveryState;
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string;
  limit: number;
}

export interface DeliveryPage {
  items: DeliveryRecord[];
  nextCursor?: string;
}

/** Per subscription: what is still to deliver, for the lag metric and the subscription's view. */
export interface SubscriptionBacklog {
  subscriptionId: string;
  /** Deliveries held or scheduled. */
  unfinished: number;
  /** The lowest sequence still unfinished (undefined when none). */
  oldestUnfinishedSequence?: number;
  dead: number;
}

/**
 * Durable before each promise resolves. Ordering rule, kept by the store inside its transactions: a
 * delivery is `held` while another unfinished delivery of the same (subscriptionId, streamId) has a
 * lower sequence, and the lowest held one becomes `scheduled` (due now) when that one finishes.
 */
export interface DeliveryStore {
  /**
   * Adds deliveries (ids already present are left as they are) and stores the feed checkpoint, in
   * one transaction. Returns the deliveries this call made `scheduled`, for the caller to enqueue.
   */
  add(
    deliveries: NewDelivery[],
    checkpoint: FeedCheckpoint | undefined,
    now: Date,
  ): Promise<DeliveryRecord[]>;
  /** The federation feed consumer's checkpoint, stored by `add` (empty before the first). */
  checkpoint(): Promise<FeedCheckpoint>;
  get(deliveryId: string): Promise<DeliveryRecord | undefined>;
  /**
   * Appends an attempt and moves the delivery on. When it finishes, the lowest held delivery of the
   * same (subscription, entry) becomes scheduled (due `now`) and is returned as `released`.
   * Recording an attempt on a delivery that is already finished changes nothing and returns its record.
   */
  recordAttempt(
    deliveryId: string,
    attempt: DeliveryAttempt,
    next: DeliveryNext,
    now: Date,
  ): Promise<{ record: DeliveryRecord; released?: DeliveryRecord }>;
  /**
   * Makes a delivery due now: a scheduled one moves its nextAttemptAt; a dead or delivered one is
   * scheduled again (its attempts kept, numbering continues); held and cancelled ones are returned unchanged.
   */
  retryNow(deliveryId: string, now: Date): Promise<DeliveryRecord | undefined>;
  /** Newest first (by sequence, then creation). */
  list(subscriptionId: string, query: DeliveryListQuery): Promise<DeliveryPage>;
  /** Scheduled deliveries of every subscription, earliest due first: what a restarted worker re-enqueues. */
  scheduled(limit: number, afterDeliveryId?: string): Promise<DeliveryRecord[]>;
  /** Cancels every unfinished delivery of a subscription (it was deleted); returns how many. */
  cancelSubscription(subscriptionId: string, now: Date): Promise<number>;
  backlog(): Promise<SubscriptionBacklog[]>;
  /**
   * Deletes finished deliveries (delivered, dead, cancelled) last changed before `finishedBefore`:
   * the retention of the attempt history. Unfinished ones are never pruned. Returns how many went.
   */
  prune(finishedBefore: Date): Promise<number>;
  close(): Promise<void>;
}

export const DELIVERY_STORE = Symbol('DeliveryStore');
