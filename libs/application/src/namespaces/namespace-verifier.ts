import { Inject, Injectable, Logger } from '@nestjs/common';
import { nextCheckAt } from '@registry/domain/namespace';
import { JOB_QUEUE, JobQueue, JobWorker } from '../ports/job-queue.port';
import { CLOCK, Clock } from '../system/system.ports';
import { NamespaceClaims } from './namespace-claims';
import { NamespaceRegistryRepository } from './namespace-registry-repository';
import { NamespaceStandings } from './namespace-standings';
import {
  NAMESPACE_CHECK_QUEUE,
  NAMESPACE_SETTINGS,
  NAMESPACE_SWEEP_QUEUE,
  NAMESPACE_SWEEP_SCHEDULE,
  NamespaceCheckJob,
  NamespaceSettings,
  namespaceCheckJobId,
} from './namespace-settings';

/**
 * The namespace-verification worker. A sweep, every `sweepIntervalMs`, reads the claims from the log
 * and enqueues one check per claim whose next check is due (backoff while pending, the recheck
 * interval once verified, hourly in grace); the job id names the claim and its last check, so the
 * sweeps of a whole fleet ask for one job, and a restart loses nothing: the due times are the log's.
 */
@Injectable()
export class NamespaceVerifier {
  private readonly logger = new Logger(NamespaceVerifier.name);

  constructor(
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    private readonly repository: NamespaceRegistryRepository,
    private readonly claims: NamespaceClaims,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NAMESPACE_SETTINGS) private readonly settings: NamespaceSettings,
    private readonly standings: NamespaceStandings,
  ) {}

  async scheduleSweep(): Promise<void> {
    await this.jobs.schedule(
      NAMESPACE_SWEEP_QUEUE,
      NAMESPACE_SWEEP_SCHEDULE,
      this.settings.sweepIntervalMs,
      {},
    );
  }

  startWorkers(): JobWorker[] {
    return [
      this.jobs.work(NAMESPACE_SWEEP_QUEUE, () => this.sweep().then(() => undefined), { concurrency: 1 }),
      this.jobs.work<NamespaceCheckJob>(
        NAMESPACE_CHECK_QUEUE,
        (job) => this.checkNow(job.claimId, job.after),
        {
          concurrency: this.settings.checkConcurrency,
        },
      ),
    ];
  }

  /** Enqueues the checks that are due; returns how many. */
  async sweep(): Promise<number> {
    const registry = await this.repository.current();
    const now = this.clock.now().getTime();
    let due = 0;
    for (const claim of registry.claims.values()) {
      const at = nextCheckAt(claim, this.settings.schedule);
      if (at === undefined || at.getTime() > now) continue;
      const job: NamespaceCheckJob = { claimId: claim.claimId, after: claim.lastCheckedAt ?? null };
      // One try: a check that throws (the log unreachable) is simply due again at the next sweep.
      await this.jobs.enqueue(NAMESPACE_CHECK_QUEUE, job, {
        jobId: namespaceCheckJobId(claim.claimId, claim.lastCheckedAt),
        attempts: 1,
      });
      due++;
    }
    // After the checks are asked for: entries that missed a change of their claim (a crash between
    // the claim's event and theirs) catch up here, a sweep late at worst.
    await this.standings.reconcileAll();
    return due;
  }

  /** The check job: proves the claim if it is still due (another worker may have checked it). */
  async checkNow(claimId: string, checkedBefore?: string | null): Promise<void> {
    const claim = (await this.repository.current()).claims.get(claimId);
    const at = claim === undefined ? undefined : nextCheckAt(claim, this.settings.schedule);
    if (claim === undefined || at === undefined || at.getTime() > this.clock.now().getTime()) return;
    // The job names the check after `checkedBefore`; once another check was recorded, it is stale.
    if (checkedBefore !== undefined && (claim.lastCheckedAt ?? null) !== checkedBefore) return;
    const after = await this.claims.check(claim);
    if (after !== undefined && after.status !== claim.status) {
      this.logger.log(`namespace claim ${claimId} (${claim.namespace}): ${claim.status} -> ${after.status}`);
    }
  }
}
