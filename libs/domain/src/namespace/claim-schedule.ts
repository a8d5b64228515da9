import type { ClaimState } from './namespace-registry';

/** How often, and for how long, the verifier looks at claims. */
export interface ClaimSchedule {
  /** The pending window: how long a new claim is checked before it fails (default 24 h). */
  pendingWindowMs: number;
  /** First delay between checks of a pending claim; doubles at each check (DNS propagation). */
  pendingFirstDelayMs: number;
  /** The longest delay between checks of a pending claim. */
  pendingMaxDelayMs: number;
  /** Between rechecks of a verified (or revoked) claim. */
  recheckIntervalMs: number;
  /** How long a claim that lost its proof keeps publishing before it is revoked. */
  graceMs: number;
  /** Between rechecks during the grace. */
  graceRecheckMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_CLAIM_SCHEDULE: ClaimSchedule = {
  pendingWindowMs: DAY,
  pendingFirstDelayMs: 30_000,
  pendingMaxDelayMs: HOUR,
  recheckIntervalMs: DAY,
  graceMs: 7 * DAY,
  graceRecheckMs: HOUR,
};

/**
 * When the claim's next check is due, from what the log says (the last check and the checks since
 * the last change of status), so a restarted or replaced verifier picks up where the last one was;
 * undefined when none is (a failed claim waits for its owner's `verify`).
 */
export function nextCheckAt(claim: ClaimState, schedule: ClaimSchedule): Date | undefined {
  const last = claim.lastCheckedAt === undefined ? undefined : Date.parse(claim.lastCheckedAt);
  const since = Date.parse(claim.statusChangedAt);
  switch (claim.status) {
    case 'pending': {
      if (last === undefined || last < since) return new Date(since);
      const expires = Date.parse(claim.expiresAt);
      if (last >= expires) return new Date(last);
      const exponent = Math.max(0, claim.checksInStatus - 1);
      const delay = Math.min(
        schedule.pendingFirstDelayMs * 2 ** Math.min(exponent, 30),
        schedule.pendingMaxDelayMs,
      );
      // One last look at the end of the window: a record added late still counts.
      return new Date(Math.min(last + delay, expires));
    }
    case 'verified':
      // The last check could not tell (see decideCheck): look again within the grace's rhythm.
      return new Date(
        (last ?? since) +
          (claim.diagnosis !== undefined
            ? Math.min(schedule.graceRecheckMs, schedule.recheckIntervalMs)
            : schedule.recheckIntervalMs),
      );
    case 'revoked':
      return new Date((last ?? since) + schedule.recheckIntervalMs);
    case 'grace': {
      const ends = claim.graceEndsAt === undefined ? Infinity : Date.parse(claim.graceEndsAt);
      const next = (last ?? since) + Math.min(schedule.graceRecheckMs, schedule.recheckIntervalMs);
      return new Date(Math.min(next, Math.max(ends, last ?? since)));
    }
    case 'failed':
      return undefined;
  }
}
