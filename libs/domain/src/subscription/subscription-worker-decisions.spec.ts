import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryDecision, FAILING_DISABLE_AFTER_MS } from './delivery-schedule';
import { decideDeleteSubscription, decideDeliveryOutcome, decideVerified } from './subscription-decisions';
import { SubscriptionStatus } from './subscription-events';
import { STATUS_REASONS } from './subscription-messages';
import { DAY, T0, ctxAt, s0, summary, withStatus } from './subscription-test-stream';

describe('decideVerified', () => {
  const table: Array<
    [label: string, from: SubscriptionStatus | 'deleted', verifiedUrl: string | undefined, expected: string[]]
  > = [
    ['pending becomes active', 'pending', undefined, [`status → active: ${STATUS_REASONS.verified}`]],
    [
      'the url verified is the current one',
      'pending',
      'https://sub.example/hook',
      [`status → active: ${STATUS_REASONS.verified}`],
    ],
    ['a verification of a replaced url', 'pending', 'https://old.example/hook', []],
    ['already active', 'active', undefined, []],
    ['paused meanwhile', 'paused', undefined, []],
    ['deleted meanwhile', 'deleted', undefined, []],
  ];
  for (const [label, from, verifiedUrl, expected] of table) {
    it(label, () => {
      const s = withStatus(from === 'deleted' ? 'pending' : from);
      if (from === 'deleted') s.append(decideDeleteSubscription(s.state, 's1', ctxAt(T0)));
      assert.deepEqual(summary(decideVerified(s.state, 's1', ctxAt(T0 + DAY), verifiedUrl)), expected);
    });
  }
});

describe('decideDeliveryOutcome', () => {
  const dead: DeliveryDecision = { kind: 'dead', reason: '8 attempts failed' };
  const retry: DeliveryDecision = { kind: 'retry', delayMs: 5_000 };
  const failing = `status → failing: ${STATUS_REASONS.deadLettered('8 attempts failed')}`;
  const tooLong = `status → disabled: ${STATUS_REASONS.failingTooLong(5)}`;
  const gone = `status → disabled: ${STATUS_REASONS.gone}`;
  // Failing subscriptions entered failing at T0 + 2 (see withStatus); `after` is ms from then.
  const table: Array<
    [label: string, from: SubscriptionStatus, outcome: DeliveryDecision, after: number, expected: string[]]
  > = [
    ['active, delivered', 'active', { kind: 'delivered' }, DAY, []],
    ['active, a retry', 'active', retry, DAY, []],
    ['active, dead-lettered', 'active', dead, DAY, [failing]],
    ['active, 410', 'active', { kind: 'gone' }, DAY, [gone]],
    [
      'failing, delivered',
      'failing',
      { kind: 'delivered' },
      DAY,
      [`status → active: ${STATUS_REASONS.deliveredAgain}`],
    ],
    ['failing, dead-lettered again', 'failing', dead, DAY, []],
    ['failing, a retry', 'failing', retry, DAY, []],
    ['failing, 410', 'failing', { kind: 'gone' }, DAY, [gone]],
    ['failing, dead just under 5 days', 'failing', dead, FAILING_DISABLE_AFTER_MS - 1, []],
    ['failing, dead at 5 days', 'failing', dead, FAILING_DISABLE_AFTER_MS, [tooLong]],
    ['failing, a retry after 6 days', 'failing', retry, 6 * DAY, [tooLong]],
    [
      'failing, delivered after 6 days',
      'failing',
      { kind: 'delivered' },
      6 * DAY,
      [`status → active: ${STATUS_REASONS.deliveredAgain}`],
    ],
    ['pending, 410 (maybe of an old url)', 'pending', { kind: 'gone' }, DAY, []],
    ['paused, 410', 'paused', { kind: 'gone' }, DAY, []],
    ['paused, dead', 'paused', dead, DAY, []],
    ['disabled, delivered', 'disabled', { kind: 'delivered' }, DAY, []],
  ];
  for (const [label, from, outcome, after, expected] of table) {
    it(label, () => {
      const s = withStatus(from);
      assert.deepEqual(
        summary(decideDeliveryOutcome(s.state, 's1', outcome, ctxAt(T0 + 2 + after))),
        expected,
      );
    });
  }

  it('decides nothing for a deleted subscription', () => {
    assert.deepEqual(decideDeliveryOutcome(s0(), 's1', { kind: 'gone' }, ctxAt(T0)), []);
  });

  it('keeps failingSince from the first dead letter and clears it on success', () => {
    const s = withStatus('active');
    s.append(decideDeliveryOutcome(s.state, 's1', dead, ctxAt(T0 + DAY)));
    assert.equal(s.sub().failingSince, new Date(T0 + DAY).toISOString());
    s.append(decideDeliveryOutcome(s.state, 's1', dead, ctxAt(T0 + 2 * DAY)));
    assert.equal(s.sub().failingSince, new Date(T0 + DAY).toISOString());
    s.append(decideDeliveryOutcome(s.state, 's1', { kind: 'delivered' }, ctxAt(T0 + 3 * DAY)));
    assert.equal(s.sub().status, 'active');
    assert.equal(s.sub().failingSince, undefined);
  });
});
