import type { ClaimLimits, ClaimSchedule } from '@registry/domain/namespace';

export const NAMESPACE_SETTINGS = Symbol('NamespaceSettings');

/** Settings of the namespace claims and their verifier, from the validated configuration. */
export interface NamespaceSettings {
  schedule: ClaimSchedule;
  limits: ClaimLimits;
  /** How often the verifier looks for claims whose check is due. */
  sweepIntervalMs: number;
  /** Checks one verifier process runs at once. */
  checkConcurrency: number;
  /** What the github method needs, said in every github claim's answer. */
  githubRequirements: string;
}

/** The queue of the verifier's checks: one job per claim and due instant. */
export const NAMESPACE_CHECK_QUEUE = 'namespace-checks';
/** The queue of the sweep that finds due checks. */
export const NAMESPACE_SWEEP_QUEUE = 'namespace-sweep';
export const NAMESPACE_SWEEP_SCHEDULE = 'namespace-sweep';

export interface NamespaceCheckJob {
  claimId: string;
  /**
   * The claim's last check when the job was asked for: a job that runs after another check of the
   * claim was recorded (a sweep that re-enqueued an id whose job had just finished) does nothing.
   * Absent in jobs enqueued before this field existed: those check whatever is due.
   */
  after?: string | null;
}

/**
 * One job per claim and due instant: the last check's time names it, so every sweep of a fleet asks
 * for the same job until it has run, and the next due check is a new one.
 */
export function namespaceCheckJobId(claimId: string, lastCheckedAt: string | undefined): string {
  return `${claimId}.${lastCheckedAt === undefined ? 'first' : Date.parse(lastCheckedAt)}`;
}
