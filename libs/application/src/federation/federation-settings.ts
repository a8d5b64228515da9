import { createHash } from 'node:crypto';
import type { RenderedChange } from '../changes';
import type { NewDelivery } from '../ports';

export const FEDERATION_SETTINGS = Symbol('FederationSettings');

/** Settings of the federation worker and the subscription commands, from the validated configuration. */
export interface FederationSettings {
  subscriptionsPerOwner: number;
  /** Delivery attempts in flight at once in this process. */
  deliveryConcurrency: number;
  /** How often a worker re-enqueues scheduled deliveries (after a restart, the in-process queue is empty). */
  sweepIntervalMs: number;
  /** Allows http and private addresses for webhook URLs (tests and local development only). */
  allowPrivateAddresses: boolean;
  /** How long finished deliveries (and their attempts) are kept; 0 keeps them forever. */
  retentionMs: number;
  /** The jitter source of the retry schedule (injected for deterministic tests). */
  random?: () => number;
}

/** The job queue that carries delivery attempts and their retry schedule. */
export const DELIVERY_QUEUE = 'webhook-deliveries';

/** The prefix of verification deliveries' lanes, apart from every entry's changes (they hold nothing back). */
export const VERIFICATION_STREAM = 'subscription-verification';

/**
 * The id of the delivery of one event to one subscription: derived, not drawn, so that a feed batch
 * handed over twice (at-least-once) adds nothing the second time. Formatted as a UUID.
 */
export function deliveryIdOf(subscriptionId: string, eventId: string): string {
  const h = createHash('sha256').update(`${subscriptionId}\n${eventId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The delivery of a rendered change to one subscription, under the id the caller chose. */
export function deliveryOfChange(
  subscriptionId: string,
  change: RenderedChange,
  deliveryId: string,
): NewDelivery {
  return {
    deliveryId,
    subscriptionId,
    eventId: change.eventId,
    sequence: change.sequence,
    streamId: change.streamId,
    type: change.type,
    name: change.name,
  };
}
