import type { Actor, EventEnvelope } from '../entry/registry-events';
import type {
  SealedSecret,
  SubscriptionCreated,
  SubscriptionDeleted,
  SubscriptionFilter,
  SubscriptionSecretRotated,
  SubscriptionStatus,
  SubscriptionStatusChanged,
  SubscriptionUpdated,
} from './subscription-events';

/** One webhook subscription, as the event log says it is now. */
export interface SubscriptionState {
  subscriptionId: string;
  owner: Actor;
  url: string;
  description?: string;
  filter: SubscriptionFilter;
  status: SubscriptionStatus;
  /** Why the subscription has its status, for its owner and operators. */
  statusReason: string;
  statusChangedAt: string;
  secret: SealedSecret;
  /** The secret before the last rotation, still signing beside the new one until `expiresAt`. */
  previousSecret?: { secret: SealedSecret; expiresAt: string };
  createdAt: string;
  /**
   * The log position of the creation: the subscription receives the changes committed after it,
   * whatever order a partitioned bus hands the worker the two streams in.
   */
  createdPosition: number;
  /** The last event about this subscription, status changes included. */
  updatedAt: string;
  /** When the subscription last entered `failing`; present only while it is failing. */
  failingSince?: string;
}

/**
 * The subscription-registry aggregate: every subscription, in one stream. A deleted subscription is
 * removed, not kept as a tombstone: subscription ids are fresh UUIDs the API chooses, so no command
 * can name a deleted id again except by mistake, and a repeated delete is answered not-found (like
 * the repeated DELETE of any resource).
 */
export interface SubscriptionRegistryState {
  /** Number of events applied; the expected version of the next append. */
  streamVersion: number;
  subscriptions: Map<string, SubscriptionState>;
}

/** The reason a new subscription is pending (the creation event implies the status). */
export const CREATED_REASON = 'created: the endpoint must confirm';

export function emptySubscriptionRegistry(): SubscriptionRegistryState {
  return { streamVersion: 0, subscriptions: new Map() };
}

/**
 * Applies stored events in order; returns a new state (the input is not changed), or the input itself
 * when there are none. The stream has no creation event of its own: folding starts from the empty
 * registry. The map is copied once for the whole run, and a subscription an event changes is replaced,
 * never changed in place, so the states before and after share the untouched ones.
 */
export function applySubscriptionEvents(
  state: SubscriptionRegistryState | undefined,
  events: readonly EventEnvelope[],
): SubscriptionRegistryState {
  if (events.length === 0) return state ?? emptySubscriptionRegistry();
  const next: SubscriptionRegistryState = {
    streamVersion: state?.streamVersion ?? 0,
    subscriptions: new Map(state?.subscriptions),
  };
  for (const event of events) {
    next.streamVersion = event.streamVersion;
    applyInPlace(next.subscriptions, event);
  }
  return next;
}

/** Changes `subscriptions` (a copy the caller owns) by one event. */
function applyInPlace(subscriptions: Map<string, SubscriptionState>, event: EventEnvelope): void {
  switch (event.type) {
    case 'subscription.created': {
      const d = event.data as SubscriptionCreated['data'];
      if (subscriptions.has(d.subscriptionId))
        throw corrupt(event, `subscription ${d.subscriptionId} exists`);
      subscriptions.set(d.subscriptionId, {
        subscriptionId: d.subscriptionId,
        owner: d.owner,
        url: d.url,
        ...(d.description !== undefined ? { description: d.description } : {}),
        filter: d.filter,
        status: 'pending',
        statusReason: CREATED_REASON,
        statusChangedAt: d.createdAt,
        secret: d.secret,
        createdAt: d.createdAt,
        updatedAt: d.createdAt,
        createdPosition: event.position,
      });
      return;
    }
    case 'subscription.updated': {
      const d = event.data as SubscriptionUpdated['data'];
      const { description: kept, ...current } = requireSubscription(subscriptions, d.subscriptionId, event);
      // null clears the description, undefined keeps it.
      const description = d.description === undefined ? kept : (d.description ?? undefined);
      subscriptions.set(d.subscriptionId, {
        ...current,
        ...(d.url !== undefined ? { url: d.url } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(d.filter !== undefined ? { filter: d.filter } : {}),
        updatedAt: d.updatedAt,
      });
      return;
    }
    case 'subscription.status-changed': {
      const d = event.data as SubscriptionStatusChanged['data'];
      const { failingSince, ...current } = requireSubscription(subscriptions, d.subscriptionId, event);
      // failingSince marks entering `failing`; a repeated failing event (a new reason) keeps it.
      const since =
        d.status !== 'failing' ? undefined : current.status === 'failing' ? failingSince : d.changedAt;
      subscriptions.set(d.subscriptionId, {
        ...current,
        status: d.status,
        statusReason: d.reason,
        statusChangedAt: d.status !== current.status ? d.changedAt : current.statusChangedAt,
        updatedAt: d.changedAt,
        ...(since !== undefined ? { failingSince: since } : {}),
      });
      return;
    }
    case 'subscription.secret-rotated': {
      const d = event.data as SubscriptionSecretRotated['data'];
      const current = requireSubscription(subscriptions, d.subscriptionId, event);
      // Only one previous secret: a second rotation within the overlap retires the oldest at once.
      subscriptions.set(d.subscriptionId, {
        ...current,
        secret: d.secret,
        previousSecret: { secret: current.secret, expiresAt: d.previousExpiresAt },
        updatedAt: d.rotatedAt,
      });
      return;
    }
    case 'subscription.deleted': {
      const d = event.data as SubscriptionDeleted['data'];
      requireSubscription(subscriptions, d.subscriptionId, event);
      subscriptions.delete(d.subscriptionId);
      return;
    }
    default:
      throw corrupt(event, `unknown event type ${event.type}`);
  }
}

function requireSubscription(
  subscriptions: Map<string, SubscriptionState>,
  subscriptionId: string,
  event: EventEnvelope,
): SubscriptionState {
  const sub = subscriptions.get(subscriptionId);
  if (sub === undefined) throw corrupt(event, `unknown subscription ${subscriptionId}`);
  return sub;
}

function corrupt(event: EventEnvelope, why: string): Error {
  return new Error(`event ${event.type} at ${event.streamId}#${event.streamVersion}: ${why}`);
}

/** Whether two actors are the same identity: the login method and its subject. */
export function sameActor(a: Actor, b: Actor): boolean {
  return a.method === b.method && a.subject === b.subject;
}

/** The subscriptions an owner holds (for the per-owner limit and the owner's list). */
export function subscriptionsOf(state: SubscriptionRegistryState, owner: Actor): SubscriptionState[] {
  return [...state.subscriptions.values()].filter((sub) => sameActor(sub.owner, owner));
}

/** Who may read, change, rotate or delete a subscription: its owner, or an admin. */
export function canManage(sub: SubscriptionState, actor: Actor, isAdmin: boolean): boolean {
  return isAdmin || sameActor(sub.owner, actor);
}

/**
 * The secrets to sign a delivery with, newest first: the current one, and the previous one while its
 * overlap lasts, so a receiver that has not switched yet still verifies (Standard Webhooks lets a
 * `webhook-signature` carry several signatures).
 */
export function secretsForSigning(sub: SubscriptionState, now: Date): SealedSecret[] {
  const previous = sub.previousSecret;
  if (previous === undefined || Date.parse(previous.expiresAt) <= now.getTime()) return [sub.secret];
  return [sub.secret, previous.secret];
}
