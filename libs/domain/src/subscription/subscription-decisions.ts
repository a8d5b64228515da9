import { DecisionContext, pendingEvent } from '../entry/entry-decisions';
import { RegistryError, notFound } from '../entry/registry-errors';
import { Actor, PendingEvent } from '../entry/registry-events';
import { DeliveryDecision, FAILING_DISABLE_AFTER_MS } from './delivery-schedule';
import {
  SealedSecret,
  SubscriptionFilter,
  SubscriptionStatus,
  SubscriptionUpdated,
} from './subscription-events';
import { sameFilter, validateFilter } from './subscription-filter';
import { STATUS_REASONS, SUBSCRIPTION_MESSAGES } from './subscription-messages';
import { SubscriptionRegistryState, SubscriptionState, subscriptionsOf } from './subscription-registry';

/** How long the previous secret keeps signing after a rotation, unless the caller says otherwise. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

function statusChanged(
  ctx: DecisionContext,
  subscriptionId: string,
  status: SubscriptionStatus,
  reason: string,
): PendingEvent {
  return pendingEvent(ctx, 'subscription.status-changed', {
    subscriptionId,
    status,
    reason,
    changedAt: ctx.now.toISOString(),
  });
}

function requireSubscription(state: SubscriptionRegistryState, id: string): SubscriptionState {
  const sub = state.subscriptions.get(id);
  if (sub === undefined) throw notFound(SUBSCRIPTION_MESSAGES.notFound);
  return sub;
}

/**
 * Refuses a filter the HTTP layer should already have refused (the domain does not trust its callers),
 * and returns it normalised (no empty lists, no duplicates), the form the log keeps.
 */
function requireValidFilter(filter: SubscriptionFilter): SubscriptionFilter {
  const { filter: valid, issues } = validateFilter(filter);
  if (valid === undefined || issues.length > 0) {
    throw new RegistryError('invalid-shape', SUBSCRIPTION_MESSAGES.invalidFilter, issues);
  }
  return valid;
}

export interface CreateSubscriptionInput {
  /** Chosen by the caller (a fresh UUID), so a retried command can be recognised. */
  subscriptionId: string;
  owner: Actor;
  /** Already checked by the application (scheme, outbound guard). */
  url: string;
  description?: string;
  filter: SubscriptionFilter;
  secret: SealedSecret;
}

export interface SubscriptionLimits {
  maxPerOwner: number;
}

/** Decides a new subscription; it starts pending until its endpoint confirms. */
export function decideCreateSubscription(
  state: SubscriptionRegistryState,
  input: CreateSubscriptionInput,
  ctx: DecisionContext,
  limits: SubscriptionLimits,
): PendingEvent[] {
  if (state.subscriptions.has(input.subscriptionId)) {
    throw new RegistryError('conflict', SUBSCRIPTION_MESSAGES.exists(input.subscriptionId));
  }
  if (subscriptionsOf(state, input.owner).length >= limits.maxPerOwner) {
    throw new RegistryError('conflict', SUBSCRIPTION_MESSAGES.limitReached(limits.maxPerOwner));
  }
  const filter = requireValidFilter(input.filter);
  return [
    pendingEvent(ctx, 'subscription.created', {
      subscriptionId: input.subscriptionId,
      owner: input.owner,
      url: input.url,
      ...(input.description !== undefined ? { description: input.description } : {}),
      filter,
      secret: input.secret,
      createdAt: ctx.now.toISOString(),
    }),
  ];
}

export interface SubscriptionPatch {
  url?: string;
  /** null clears it. */
  description?: string | null;
  filter?: SubscriptionFilter;
  /** What the owner may ask for; pending, failing and disabled are the registry's to set. */
  status?: 'active' | 'paused';
}

/**
 * Decides an owner's change; a patch that changes nothing decides nothing (a repeated PATCH is a no-op).
 *
 * Status rules:
 * - `paused` is allowed from pending, active and failing; a paused one stays paused; a disabled one is
 *   refused (it is already silent, and pausing would hide why it was disabled).
 * - `active` from paused, disabled or failing re-runs verification (pending): the endpoint may have
 *   moved or changed hands while it was not receiving, and for failing, the owner saying "fixed" is
 *   best proven by the handshake. `active` while pending or active changes nothing.
 * - a new URL must prove consent: pending, unless the subscription is paused or disabled (it stays so,
 *   and resuming verifies anyway).
 */
export function decideUpdateSubscription(
  state: SubscriptionRegistryState,
  subscriptionId: string,
  patch: SubscriptionPatch,
  ctx: DecisionContext,
): PendingEvent[] {
  const sub = requireSubscription(state, subscriptionId);
  const changes: Omit<SubscriptionUpdated['data'], 'subscriptionId' | 'updatedAt'> = {};
  const urlChanged = patch.url !== undefined && patch.url !== sub.url;
  if (urlChanged) changes.url = patch.url;
  if (patch.description === null && sub.description !== undefined) changes.description = null;
  if (typeof patch.description === 'string' && patch.description !== sub.description) {
    changes.description = patch.description;
  }
  if (patch.filter !== undefined) {
    const filter = requireValidFilter(patch.filter);
    if (!sameFilter(filter, sub.filter)) changes.filter = filter;
  }

  let target: { status: SubscriptionStatus; reason: string } | undefined;
  if (patch.status === 'paused') {
    if (sub.status === 'disabled')
      throw new RegistryError('invalid-input', SUBSCRIPTION_MESSAGES.pauseDisabled);
    if (sub.status !== 'paused') target = { status: 'paused', reason: STATUS_REASONS.paused };
  } else if (patch.status === 'active' && ['paused', 'disabled', 'failing'].includes(sub.status)) {
    target = { status: 'pending', reason: urlChanged ? STATUS_REASONS.urlChanged : STATUS_REASONS.resumed };
  }
  // A pending one is re-marked too: the verification in flight is for the old URL.
  if (target === undefined && urlChanged && ['pending', 'active', 'failing'].includes(sub.status)) {
    target = { status: 'pending', reason: STATUS_REASONS.urlChanged };
  }

  const events: PendingEvent[] = [];
  if (Object.keys(changes).length > 0) {
    events.push(
      pendingEvent(ctx, 'subscription.updated', {
        subscriptionId,
        ...changes,
        updatedAt: ctx.now.toISOString(),
      }),
    );
  }
  if (target !== undefined) events.push(statusChanged(ctx, subscriptionId, target.status, target.reason));
  return events;
}

export interface RotateSecretOptions {
  /** How long the previous secret keeps signing; 24 h by default. */
  overlapMs?: number;
}

/** Decides a new signing secret; the previous one signs beside it for the overlap. */
export function decideRotateSecret(
  state: SubscriptionRegistryState,
  subscriptionId: string,
  secret: SealedSecret,
  ctx: DecisionContext,
  options: RotateSecretOptions = {},
): PendingEvent[] {
  requireSubscription(state, subscriptionId);
  const overlapMs = options.overlapMs ?? SECRET_OVERLAP_MS;
  return [
    pendingEvent(ctx, 'subscription.secret-rotated', {
      subscriptionId,
      secret,
      previousExpiresAt: new Date(ctx.now.getTime() + overlapMs).toISOString(),
      rotatedAt: ctx.now.toISOString(),
    }),
  ];
}

export function decideDeleteSubscription(
  state: SubscriptionRegistryState,
  subscriptionId: string,
  ctx: DecisionContext,
): PendingEvent[] {
  requireSubscription(state, subscriptionId);
  return [pendingEvent(ctx, 'subscription.deleted', { subscriptionId, deletedAt: ctx.now.toISOString() })];
}

/*
 * Worker-side decisions. They decide nothing (rather than refuse) for a subscription that is gone: the
 * worker races the owner's delete, and losing that race is not an error.
 */

/**
 * The endpoint confirmed: pending becomes active. `verifiedUrl`, when given, is the URL the handshake
 * reached; a verification of a URL the owner has since replaced decides nothing (the new URL has its
 * own handshake coming). Any other status (paused meanwhile, say) is left as it is.
 */
export function decideVerified(
  state: SubscriptionRegistryState,
  subscriptionId: string,
  ctx: DecisionContext,
  verifiedUrl?: string,
): PendingEvent[] {
  const sub = state.subscriptions.get(subscriptionId);
  if (sub === undefined || sub.status !== 'pending') return [];
  if (verifiedUrl !== undefined && verifiedUrl !== sub.url) return [];
  return [statusChanged(ctx, subscriptionId, 'active', STATUS_REASONS.verified)];
}

/** Whether a failing subscription has gone without a successful delivery for too long. */
export function failingTooLong(sub: SubscriptionState, now: Date): boolean {
  return (
    sub.status === 'failing' &&
    sub.failingSince !== undefined &&
    now.getTime() - Date.parse(sub.failingSince) >= FAILING_DISABLE_AFTER_MS
  );
}

/**
 * What a delivery's fate (decideAfterAttempt's decision) does to its subscription, each only when it
 * changes something:
 * - gone (410): disabled;
 * - dead (dead-lettered): active becomes failing;
 * - delivered: failing becomes active;
 * - dead or retry while failing for FAILING_DISABLE_AFTER_MS with no success: disabled.
 * Only an active or failing subscription reacts: a pending, paused or disabled one ignores late
 * outcomes of deliveries begun before (a pending one's URL may have changed since).
 */
export function decideDeliveryOutcome(
  state: SubscriptionRegistryState,
  subscriptionId: string,
  outcome: DeliveryDecision,
  ctx: DecisionContext,
): PendingEvent[] {
  const sub = state.subscriptions.get(subscriptionId);
  if (sub === undefined || (sub.status !== 'active' && sub.status !== 'failing')) return [];
  switch (outcome.kind) {
    case 'gone':
      return [statusChanged(ctx, subscriptionId, 'disabled', STATUS_REASONS.gone)];
    case 'delivered':
      return sub.status === 'failing'
        ? [statusChanged(ctx, subscriptionId, 'active', STATUS_REASONS.deliveredAgain)]
        : [];
    case 'dead':
    case 'retry':
      if (failingTooLong(sub, ctx.now)) {
        const days = FAILING_DISABLE_AFTER_MS / (24 * 60 * 60 * 1000);
        return [statusChanged(ctx, subscriptionId, 'disabled', STATUS_REASONS.failingTooLong(days))];
      }
      if (outcome.kind === 'dead' && sub.status === 'active') {
        return [statusChanged(ctx, subscriptionId, 'failing', STATUS_REASONS.deadLettered(outcome.reason))];
      }
      return [];
  }
}
