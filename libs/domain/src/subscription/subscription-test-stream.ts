/*
 * Support for this folder's specs only (not exported by index.ts): the subscription-registry stream
 * as the store would keep it, and subscriptions brought to each status the way the worker would.
 */
import assert from 'node:assert/strict';
import { DecisionContext } from '../entry/entry-decisions';
import { RegistryError } from '../entry/registry-errors';
import { Actor, EventEnvelope, PendingEvent } from '../entry/registry-events';
import {
  CreateSubscriptionInput,
  decideCreateSubscription,
  decideDeliveryOutcome,
  decideUpdateSubscription,
  decideVerified,
} from './subscription-decisions';
import { SUBSCRIPTION_REGISTRY_STREAM, SubscriptionStatus } from './subscription-events';
import {
  SubscriptionRegistryState,
  SubscriptionState,
  applySubscriptionEvents,
  emptySubscriptionRegistry,
} from './subscription-registry';

export const OWNER: Actor = { method: 'github-at', subject: 'me' };
export const T0 = Date.parse('2025-03-01T00:00:00Z');
export const DAY = 24 * 60 * 60 * 1000;

let ids = 0;
export function ctxAt(ms: number, actor: Actor = OWNER): DecisionContext {
  return { now: new Date(ms), newId: () => `ev-${++ids}`, actor };
}

/** The stream as the store would keep it: decided events get versions and are folded. */
export class Stream {
  events: EventEnvelope[] = [];
  state: SubscriptionRegistryState = emptySubscriptionRegistry();
  append(pending: PendingEvent[]): this {
    const stored = pending.map((e, i) => ({
      ...e,
      streamId: SUBSCRIPTION_REGISTRY_STREAM,
      streamVersion: this.state.streamVersion + i + 1,
      position: this.events.length + i + 1,
    }));
    this.events.push(...stored);
    this.state = applySubscriptionEvents(this.state, stored);
    return this;
  }
  sub(id = 's1'): SubscriptionState {
    const sub = this.state.subscriptions.get(id);
    assert.ok(sub, `subscription ${id}`);
    return sub;
  }
}

export function input(subscriptionId: string, owner: Actor = OWNER): CreateSubscriptionInput {
  return { subscriptionId, owner, url: 'https://sub.example/hook', filter: {}, secret: { sealed: 'k1' } };
}

/** A stream holding subscription s1 (created at T0) in the given status, reached the way the worker would. */
export function withStatus(status: SubscriptionStatus): Stream {
  const s = new Stream().append(
    decideCreateSubscription(emptySubscriptionRegistry(), input('s1'), ctxAt(T0), { maxPerOwner: 5 }),
  );
  if (status === 'pending') return s;
  s.append(decideVerified(s.state, 's1', ctxAt(T0 + 1)));
  const next: Record<Exclude<SubscriptionStatus, 'pending' | 'active'>, () => PendingEvent[]> = {
    paused: () => decideUpdateSubscription(s.state, 's1', { status: 'paused' }, ctxAt(T0 + 2)),
    failing: () => decideDeliveryOutcome(s.state, 's1', { kind: 'dead', reason: 'x' }, ctxAt(T0 + 2)),
    disabled: () => decideDeliveryOutcome(s.state, 's1', { kind: 'gone' }, ctxAt(T0 + 2)),
  };
  if (status !== 'active') s.append(next[status]());
  assert.equal(s.sub().status, status);
  return s;
}

/** Events summarised: `updated {fields}` or `status → x`. */
export function summary(events: PendingEvent[]): string[] {
  return events.map((e) => {
    const d = e.data as Record<string, unknown>;
    if (e.type === 'subscription.status-changed')
      return `status → ${String(d['status'])}: ${String(d['reason'])}`;
    if (e.type === 'subscription.updated') {
      return `updated ${Object.keys(d)
        .filter((k) => k !== 'subscriptionId' && k !== 'updatedAt')
        .join(',')}`;
    }
    return e.type;
  });
}

export function isError(kind: RegistryError['kind'], message?: RegExp) {
  return (err: unknown) =>
    err instanceof RegistryError && err.kind === kind && (message === undefined || message.test(err.message));
}

export function s0(): SubscriptionRegistryState {
  return emptySubscriptionRegistry();
}
