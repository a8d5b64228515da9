/**
 * The retry schedule of one webhook delivery, as pure functions of the attempts made, the endpoint's
 * answer and an injected random source. The worker turns a decision into a delivery-store transition;
 * nothing here reads a clock.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The Standard Webhooks schedule (https://www.standardwebhooks.com): the delay before each attempt,
 * index 0 being the first attempt. Eight attempts over about 27 hours, so an endpoint that is down
 * for a day still gets its changes.
 */
export const DELIVERY_SCHEDULE_MS: readonly number[] = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

export const MAX_DELIVERY_ATTEMPTS = DELIVERY_SCHEDULE_MS.length;

/**
 * Each delay is moved by up to this fraction either way, so that deliveries that failed together
 * (an endpoint's outage) do not all come back at the same instant.
 */
export const DELIVERY_JITTER = 0.1;

/**
 * The most a `Retry-After` can delay the next attempt: the schedule's longest step. An endpoint may
 * ask for more patience than the schedule has, but not stall a delivery for days (or forever).
 */
export const RETRY_AFTER_CAP_MS = Math.max(...DELIVERY_SCHEDULE_MS);

/**
 * A subscription whose deliveries have failed with no success for this long is disabled: its owner
 * has had five days of dead letters (and the failing status) to notice.
 */
export const FAILING_DISABLE_AFTER_MS = 5 * 24 * HOUR;

/** What one attempt came to, in the sender's words (the same literals as the WebhookSender port). */
export type DeliveryAttemptOutcome =
  /** 2xx. */
  | 'delivered'
  /** Any other status, a network error or a timeout. */
  | 'failed'
  /** 410: the endpoint asks never to be called again. */
  | 'gone'
  /** The outbound guard refused the URL or its address. */
  | 'refused';

/** What happens to a delivery after an attempt. */
export type DeliveryDecision =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'dead'; reason: string }
  | { kind: 'gone' };

export interface RetryOptions {
  /** The endpoint's `Retry-After`, in ms from the attempt's end. */
  retryAfterMs?: number;
  /** Uniform in [0, 1), like Math.random: injected so the schedule is deterministic under test. */
  random: () => number;
}

/**
 * The delay before the next attempt, given how many attempts were made (0 before the first), or
 * undefined when the schedule is exhausted. Jitter is ±10 % of the step; a `Retry-After` is a floor,
 * capped at RETRY_AFTER_CAP_MS, and is not jittered (the endpoint named its time).
 */
export function nextAttemptDelayMs(attemptsMade: number, options: RetryOptions): number | undefined {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 0) {
    throw new Error(`attemptsMade must be a non-negative integer, got ${attemptsMade}`);
  }
  const step = DELIVERY_SCHEDULE_MS[attemptsMade];
  if (step === undefined) return undefined;
  // Clamped so that a random source outside [0, 1) cannot push the jitter past ±10 %.
  const r = Math.min(Math.max(options.random(), 0), 1);
  const jittered = Math.round(step * (1 + (r * 2 - 1) * DELIVERY_JITTER));
  const asked = options.retryAfterMs;
  if (asked === undefined || !Number.isFinite(asked) || asked <= 0) return jittered;
  return Math.max(jittered, Math.min(Math.round(asked), RETRY_AFTER_CAP_MS));
}

export interface AttemptContext extends RetryOptions {
  /** The sender's one-line account of the failure, kept in a dead letter's reason. */
  error?: string;
}

/**
 * Decides a delivery's fate after an attempt; `attemptsMade` includes the attempt just made. A
 * delivery retried by hand after it died continues the numbering, so it gets one more attempt.
 *
 * `refused` (the outbound guard refused the address) is retried like a failure: the guard judges the
 * address the name resolves to now, and DNS may change; a URL that stays refused dies with the schedule.
 */
export function decideAfterAttempt(
  outcome: DeliveryAttemptOutcome,
  attemptsMade: number,
  context: AttemptContext,
): DeliveryDecision {
  if (outcome === 'delivered') return { kind: 'delivered' };
  if (outcome === 'gone') return { kind: 'gone' };
  const delayMs = nextAttemptDelayMs(attemptsMade, context);
  if (delayMs !== undefined) return { kind: 'retry', delayMs };
  const refused = outcome === 'refused' ? '; the last was refused by the outbound guard' : '';
  const last = context.error !== undefined && context.error !== '' ? `; last error: ${context.error}` : '';
  return { kind: 'dead', reason: `${attemptsMade} attempts failed${refused}${last}` };
}
