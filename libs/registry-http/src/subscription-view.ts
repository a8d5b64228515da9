import type { DeliveryRecord, DeliveryState } from '@registry/application';
import type { SubscriptionState } from '@registry/domain/subscription';

/** The states the deliveries list filters by (`?outcome=`). */
export const DELIVERY_STATES_FOR_QUERY: readonly DeliveryState[] = [
  'held',
  'scheduled',
  'delivered',
  'dead',
  'cancelled',
];

/** A subscription as its owner sees it: never the secret (that is answered once, on creation or rotation). */
export function subscriptionView(s: SubscriptionState): Record<string, unknown> {
  return {
    id: s.subscriptionId,
    url: s.url,
    ...(s.description !== undefined ? { description: s.description } : {}),
    status: s.status,
    statusReason: s.statusReason,
    statusChangedAt: s.statusChangedAt,
    filter: s.filter,
    owner: { method: s.owner.method, subject: s.owner.subject },
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    ...(s.previousSecret !== undefined ? { previousSecretExpiresAt: s.previousSecret.expiresAt } : {}),
  };
}

/** One delivery and its attempts: `outcome` is its state (the list filters by it). */
export function deliveryView(d: DeliveryRecord): Record<string, unknown> {
  return {
    id: d.deliveryId,
    subscriptionId: d.subscriptionId,
    webhookId: d.eventId,
    sequence: d.sequence,
    type: d.type,
    ...(d.name !== '' ? { name: d.name, serverId: d.streamId } : {}),
    outcome: d.state,
    nextAttemptAt: d.nextAttemptAt,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    attempts: d.attempts.map((a) => ({
      attempt: a.attempt,
      at: a.at,
      outcome: a.outcome,
      ...(a.status !== undefined ? { status: a.status } : {}),
      latencyMs: a.latencyMs,
      ...(a.responseSnippet !== undefined ? { response: a.responseSnippet } : {}),
      ...(a.error !== undefined ? { error: a.error } : {}),
    })),
  };
}
