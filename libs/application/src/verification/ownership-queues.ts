/** The queue of the periodic sweep: one job per interval lists every server's latest version. */
export const OWNERSHIP_SWEEP_QUEUE = 'ownership-sweep';
/** The schedule of the sweep (one per registry, whatever the number of verifier replicas). */
export const OWNERSHIP_SWEEP_SCHEDULE = 'ownership-sweep';
/** The queue of the checks: one job per server version, id `<serverName>@<version>`. */
export const OWNERSHIP_CHECK_QUEUE = 'ownership-check';

/** What the sweep job carries: nothing, it reads the current read model. */
export type OwnershipSweepJob = Record<string, never>;

/** One version to check; the job reads its server.json when it runs, not when it was enqueued. */
export interface OwnershipCheckJob {
  name: string;
  version: string;
}

/** De-duplicates checks: one waiting or running check per version. */
export function ownershipCheckJobId(name: string, version: string): string {
  return `${name}@${version}`;
}
