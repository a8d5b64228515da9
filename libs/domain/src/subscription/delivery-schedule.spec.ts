import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DELIVERY_SCHEDULE_MS,
  DeliveryAttemptOutcome,
  DeliveryDecision,
  MAX_DELIVERY_ATTEMPTS,
  RETRY_AFTER_CAP_MS,
  decideAfterAttempt,
  nextAttemptDelayMs,
} from './delivery-schedule';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
// 0.5 draws no jitter at all, 0 the most negative, just under 1 the most positive.
const noJitter = () => 0.5;

describe('nextAttemptDelayMs: the Standard Webhooks schedule', () => {
  const table: Array<[attemptsMade: number, expected: number | undefined]> = [
    [0, 0],
    [1, 5 * S],
    [2, 5 * M],
    [3, 30 * M],
    [4, 2 * H],
    [5, 5 * H],
    [6, 10 * H],
    [7, 10 * H],
    [8, undefined],
    [9, undefined],
  ];
  for (const [attemptsMade, expected] of table) {
    it(`after ${attemptsMade} attempts: ${expected ?? 'exhausted'}`, () => {
      assert.equal(nextAttemptDelayMs(attemptsMade, { random: noJitter }), expected);
    });
  }

  it('has eight attempts in all', () => {
    assert.equal(MAX_DELIVERY_ATTEMPTS, 8);
    assert.equal(DELIVERY_SCHEDULE_MS.length, 8);
  });

  it('refuses a negative or fractional attempt count', () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      assert.throws(() => nextAttemptDelayMs(bad, { random: noJitter }), /non-negative integer/);
    }
  });
});

describe('nextAttemptDelayMs: jitter and Retry-After', () => {
  const table: Array<
    [label: string, attemptsMade: number, random: number, retryAfterMs: number | undefined, expected: number]
  > = [
    ['lowest jitter is -10 %', 2, 0, undefined, 270 * S],
    ['highest jitter approaches +10 %', 2, 0.999_999, undefined, 330 * S],
    ['a random source past 1 is clamped to +10 %', 2, 7, undefined, 330 * S],
    ['a random source below 0 is clamped to -10 %', 2, -3, undefined, 270 * S],
    ['the immediate attempt has no jitter', 0, 0.9, undefined, 0],
    ['Retry-After above the step is the delay (not jittered)', 1, 0.9, 60 * S, 60 * S],
    ['Retry-After below the jittered step is ignored', 2, 0.5, 10 * S, 5 * M],
    ['Retry-After beyond the cap is capped at 10 h', 2, 0.5, 3 * 24 * H, RETRY_AFTER_CAP_MS],
    ['the cap does not cut a jittered 10 h step', 7, 0.75, 3 * 24 * H, 10.5 * H],
    ['a zero or negative Retry-After is ignored', 1, 0.5, -5, 5 * S],
    ['a fractional Retry-After is rounded', 1, 0.5, 7_000.4, 7 * S],
  ];
  for (const [label, attemptsMade, random, retryAfterMs, expected] of table) {
    it(label, () => {
      const options = { random: () => random, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      assert.equal(nextAttemptDelayMs(attemptsMade, options), expected);
    });
  }

  it('caps Retry-After at the schedule longest step', () => {
    assert.equal(RETRY_AFTER_CAP_MS, 10 * H);
  });
});

describe('decideAfterAttempt', () => {
  const table: Array<
    [
      label: string,
      outcome: DeliveryAttemptOutcome,
      attemptsMade: number,
      error: string | undefined,
      expected: DeliveryDecision,
    ]
  > = [
    ['a 2xx is delivered', 'delivered', 1, undefined, { kind: 'delivered' }],
    ['a 2xx on the last attempt is delivered', 'delivered', 8, undefined, { kind: 'delivered' }],
    ['a 410 is gone at once', 'gone', 1, undefined, { kind: 'gone' }],
    ['a first failure retries after 5 s', 'failed', 1, 'HTTP 500', { kind: 'retry', delayMs: 5 * S }],
    ['the seventh failure retries after 10 h', 'failed', 7, undefined, { kind: 'retry', delayMs: 10 * H }],
    [
      'a refused address is retried like a failure',
      'refused',
      1,
      undefined,
      { kind: 'retry', delayMs: 5 * S },
    ],
    [
      'the eighth failure is dead, naming the last error',
      'failed',
      8,
      'timed out after 10000 ms',
      { kind: 'dead', reason: '8 attempts failed; last error: timed out after 10000 ms' },
    ],
    [
      'a dead delivery without an error says so briefly',
      'failed',
      8,
      undefined,
      { kind: 'dead', reason: '8 attempts failed' },
    ],
    [
      'a refused last attempt says the guard refused it',
      'refused',
      8,
      'address 10.0.0.1 is private',
      {
        kind: 'dead',
        reason:
          '8 attempts failed; the last was refused by the outbound guard; last error: address 10.0.0.1 is private',
      },
    ],
    [
      'a hand retry of a dead delivery dies after its one attempt',
      'failed',
      9,
      '',
      { kind: 'dead', reason: '9 attempts failed' },
    ],
  ];
  for (const [label, outcome, attemptsMade, error, expected] of table) {
    it(label, () => {
      const context = { random: noJitter, ...(error !== undefined ? { error } : {}) };
      assert.deepEqual(decideAfterAttempt(outcome, attemptsMade, context), expected);
    });
  }

  it('passes Retry-After on to the retry delay', () => {
    assert.deepEqual(decideAfterAttempt('failed', 1, { random: noJitter, retryAfterMs: 2 * M }), {
      kind: 'retry',
      delayMs: 2 * M,
    });
  });
});
