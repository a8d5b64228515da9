import type { EventEnvelope } from '../entry/registry-events';
import type { SealedSecret } from '../subscription/subscription-events';

/**
 * A mirror's progress through its upstream, in one stream of its own: where it is (so a restarted,
 * killed or cut-off mirror resumes there, on any replica) and the last error, as events like every
 * other change of the registry's state.
 */
export const UPSTREAM_STREAM = '00000000-0000-7000-8000-0000000051c0';

/** Where a mirror is in its upstream: the change feed's sequence, or the updated_since poll's mark. */
export type UpstreamPosition =
  | { mode: 'feed'; after: number }
  | {
      mode: 'poll';
      /** The `updated_since` of the pass in progress (absent: the first, full pass). */
      updatedSince?: string;
      /** The next page of the pass in progress. */
      cursor?: string;
      /** The latest updatedAt seen in the pass: the next pass starts from it (less an overlap). */
      maxSeen?: string;
    };

export interface UpstreamSynced {
  type: 'upstream.synced';
  data: { url: string; position: UpstreamPosition; applied: number; syncedAt: string };
}

export interface UpstreamFailed {
  type: 'upstream.failed';
  data: { url: string; error: string; failedAt: string };
}

/** The mirror subscribed to its upstream's webhooks: each one wakes it to read the feed at once. */
export interface UpstreamSubscribed {
  type: 'upstream.subscribed';
  data: { url: string; subscriptionId: string; endpoint: string; secret: SealedSecret; subscribedAt: string };
}

export type UpstreamEvent = UpstreamSynced | UpstreamFailed | UpstreamSubscribed;

/** A mirror's state as its stream says: for the `/upstream` endpoint and for resuming. */
export interface UpstreamState {
  streamVersion: number;
  url?: string;
  position?: UpstreamPosition;
  lastSyncAt?: string;
  /** Versions changed by the mirror since the stream began. */
  applied: number;
  lastError?: { error: string; at: string };
  /** The upstream webhook subscription, when the mirror made one. */
  webhook?: {
    url: string;
    subscriptionId: string;
    endpoint: string;
    secret: SealedSecret;
    subscribedAt: string;
  };
}

export function emptyUpstreamState(): UpstreamState {
  return { streamVersion: 0, applied: 0 };
}

/** Folds the mirror's stream; returns a new state (the input is not changed). */
export function applyUpstreamEvents(state: UpstreamState, events: readonly EventEnvelope[]): UpstreamState {
  let next = state;
  for (const event of events) {
    if (event.type === 'upstream.synced') {
      const d = event.data as UpstreamSynced['data'];
      // A sync after an error clears it: the mirror is following again.
      const { lastError: _cleared, ...rest } = next;
      next = {
        ...rest,
        streamVersion: event.streamVersion,
        url: d.url,
        position: d.position,
        lastSyncAt: d.syncedAt,
        applied: next.applied + d.applied,
      };
    } else if (event.type === 'upstream.failed') {
      const d = event.data as UpstreamFailed['data'];
      next = {
        ...next,
        streamVersion: event.streamVersion,
        url: d.url,
        lastError: { error: d.error, at: d.failedAt },
      };
    } else if (event.type === 'upstream.subscribed') {
      next = {
        ...next,
        streamVersion: event.streamVersion,
        webhook: event.data as UpstreamSubscribed['data'],
      };
    } else {
      throw new Error(`unknown event type ${event.type} in the upstream stream`);
    }
  }
  return next;
}
