import type { Actor } from '../entry/registry-events';

/**
 * Every subscription lives in ONE stream, the subscription registry: the limit of subscriptions per
 * owner is an invariant across subscriptions, and one stream makes it a single optimistic append
 * instead of a cross-stream transaction. The stream is small (a few events per subscription).
 */
export const SUBSCRIPTION_REGISTRY_STREAM = '00000000-0000-7000-8000-00000000f0ed';

/**
 * Change types a sub-registry can receive (the webhook `type` and the change feed's): the changes of
 * servers, and of namespace claims' status (a namespace proven, in grace, revoked, restored).
 */
export const FEED_CHANGE_TYPES = [
  'server.version.published',
  'server.version.status-changed',
  'server.version.edited',
  'server.latest-version.changed',
  'server.version.ownership-checked',
  'server.renamed',
  'namespace.claim-status-changed',
] as const;
export type FeedChangeType = (typeof FEED_CHANGE_TYPES)[number];

/** The type of the signed event that proves an endpoint consents to deliveries. */
export const VERIFICATION_EVENT_TYPE = 'registry.subscription.verification';

export type SubscriptionStatus = 'pending' | 'active' | 'paused' | 'failing' | 'disabled';

/** Which changes a subscription receives: both lists must match when present (empty = all). */
export interface SubscriptionFilter {
  /** Server name globs: `*` matches any run of characters, including `/` (`io.github.me/*`). */
  names?: string[];
  types?: FeedChangeType[];
}

/**
 * A webhook signing secret as the log stores it: sealed (encrypted) by the application's secret
 * sealer, never in clear text, since the log is replayed, relayed to Kafka and read by operators.
 */
export interface SealedSecret {
  sealed: string;
}

export interface SubscriptionCreated {
  type: 'subscription.created';
  data: {
    subscriptionId: string;
    owner: Actor;
    url: string;
    description?: string;
    filter: SubscriptionFilter;
    secret: SealedSecret;
    createdAt: string;
  };
}

/** URL, description or filter changed. A new URL must prove consent again (status back to pending). */
export interface SubscriptionUpdated {
  type: 'subscription.updated';
  data: {
    subscriptionId: string;
    url?: string;
    /** null clears it. */
    description?: string | null;
    filter?: SubscriptionFilter;
    updatedAt: string;
  };
}

export interface SubscriptionStatusChanged {
  type: 'subscription.status-changed';
  data: {
    subscriptionId: string;
    status: SubscriptionStatus;
    /** Why, in a sentence an operator can act on ("endpoint answered 410", "verified"). */
    reason: string;
    changedAt: string;
  };
}

/** The previous secret keeps signing (beside the new one) until `previousExpiresAt`. */
export interface SubscriptionSecretRotated {
  type: 'subscription.secret-rotated';
  data: {
    subscriptionId: string;
    secret: SealedSecret;
    previousExpiresAt: string;
    rotatedAt: string;
  };
}

export interface SubscriptionDeleted {
  type: 'subscription.deleted';
  data: { subscriptionId: string; deletedAt: string };
}

export type SubscriptionEvent =
  | SubscriptionCreated
  | SubscriptionUpdated
  | SubscriptionStatusChanged
  | SubscriptionSecretRotated
  | SubscriptionDeleted;
export type SubscriptionEventType = SubscriptionEvent['type'];

export function isSubscriptionEventType(type: string): type is SubscriptionEventType {
  return type.startsWith('subscription.');
}
