import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ENTRY_MESSAGES, RegistryError, notFound } from '@registry/domain/entry';
import { ServerJson } from '@registry/domain/server-json/server-json';
import { RecordOwnershipCheckCommand } from '../commands/record-ownership-check';
import { JOB_QUEUE, JobContext, JobQueue, JobWorker } from '../ports/job-queue.port';
import { PACKAGE_OWNERSHIP, PackageOwnershipCheck } from '../ports/package-ownership.port';
import { READ_MODEL, ReadModel } from '../ports/read-model.port';
import {
  OWNERSHIP_CHECK_QUEUE,
  OWNERSHIP_SWEEP_QUEUE,
  OWNERSHIP_SWEEP_SCHEDULE,
  OwnershipCheckJob,
  OwnershipSweepJob,
  ownershipCheckJobId,
} from './ownership-queues';

export interface OwnershipReverifierSettings {
  /** Tries of one check before it is dead-lettered. */
  checkAttempts: number;
  /** First retry delay of a check; doubles at each retry. */
  checkBackoffMs: number;
  /** Checks one verifier process runs at once. */
  checkConcurrency: number;
  /** Whether a failure message says the package registry could not answer, rather than "not yours". */
  isInconclusive: (message: string) => boolean;
}

export const OWNERSHIP_REVERIFIER_SETTINGS = Symbol('OwnershipReverifierSettings');

/** The package-registries checks' wording for an upstream that could not answer (timeouts, 429, 5xx). */
const INCONCLUSIVE = /likely transient|failed to fetch|timed out|deadline exceeded|inconclusive/i;

export const DEFAULT_OWNERSHIP_REVERIFIER_SETTINGS: OwnershipReverifierSettings = {
  checkAttempts: 5,
  checkBackoffMs: 30_000,
  checkConcurrency: 4,
  isInconclusive: (message) => INCONCLUSIVE.test(message),
};

const PAGE_SIZE = 100;

/** A package registry could not say; the queue retries the check later instead of recording a failure. */
export class InconclusiveOwnershipCheck extends Error {
  constructor(readonly failures: string[]) {
    super(`package registries could not confirm ownership: ${failures.join('; ')}`);
    this.name = 'InconclusiveOwnershipCheck';
  }
}

/**
 * Re-verifies, over time, that every server's latest version still owns its packages: a periodic sweep
 * enqueues one check per server; each check asks the package registries and records the outcome
 * through RecordOwnershipCheckCommand (an event only when the outcome changed).
 */
@Injectable()
export class PackageOwnershipReverifier {
  private readonly logger = new Logger(PackageOwnershipReverifier.name);
  private readonly settings: OwnershipReverifierSettings;

  constructor(
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
    @Inject(PACKAGE_OWNERSHIP) private readonly ownership: PackageOwnershipCheck,
    private readonly commands: CommandBus,
    @Optional() @Inject(OWNERSHIP_REVERIFIER_SETTINGS) settings?: Partial<OwnershipReverifierSettings>,
  ) {
    this.settings = { ...DEFAULT_OWNERSHIP_REVERIFIER_SETTINGS, ...settings };
  }

  /** Declares (or re-declares, replacing it) the sweep every `everyMs`; the first runs now. */
  async scheduleSweep(everyMs: number): Promise<void> {
    const job: OwnershipSweepJob = {};
    await this.jobs.schedule(OWNERSHIP_SWEEP_QUEUE, OWNERSHIP_SWEEP_SCHEDULE, everyMs, job);
  }

  /** Runs the sweep and check jobs in this process (the verifier app, or the all-in-one registry). */
  startWorkers(): JobWorker[] {
    return [
      this.jobs.work<OwnershipSweepJob>(OWNERSHIP_SWEEP_QUEUE, () => this.sweep().then(() => undefined), {
        concurrency: 1,
      }),
      this.jobs.work<OwnershipCheckJob>(OWNERSHIP_CHECK_QUEUE, (job, context) => this.check(job, context), {
        concurrency: this.settings.checkConcurrency,
      }),
    ];
  }

  /**
   * Checks one version now (`latest` by default), e.g. after a package was fixed. Resolves with the
   * job id once enqueued; a RegistryError `not-found` when no such visible version exists.
   */
  async requestCheck(name: string, version = 'latest'): Promise<string> {
    const doc = await this.readModel.getVersion(name, version, false);
    const server = doc === undefined ? undefined : serverOf(doc);
    if (server === undefined) {
      throw notFound(version === 'latest' ? ENTRY_MESSAGES.serverNotFound : ENTRY_MESSAGES.versionNotFound);
    }
    return this.enqueueCheck(server.name, server.version);
  }

  /** The sweep job: one check per server's latest visible version with packages. Returns how many. */
  async sweep(): Promise<number> {
    let enqueued = 0;
    let cursor: string | undefined;
    do {
      const page = await this.readModel.listServers({
        version: 'latest',
        includeDeleted: false,
        limit: PAGE_SIZE,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      for (const doc of page.items) {
        const server = serverOf(doc);
        if (server === undefined || !hasPackages(server.json)) continue;
        await this.enqueueCheck(server.name, server.version);
        enqueued++;
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    this.logger.log(`ownership sweep: ${enqueued} servers queued for a check`);
    return enqueued;
  }

  /** The check job: asks the package registries about the version as it is now, and records the outcome. */
  async check(job: OwnershipCheckJob, context: JobContext): Promise<void> {
    const doc = await this.readModel.getVersion(job.name, job.version, false);
    const server = doc === undefined ? undefined : serverOf(doc);
    // Deleted (or gone) since it was queued: nothing left to vouch for.
    if (server === undefined) return;
    if (!hasPackages(server.json)) return;

    const failures = (await this.ownership.verify(server.json)).map((f) => f.message);
    const inconclusive = failures.filter((message) => this.settings.isInconclusive(message));
    if (inconclusive.length > 0) {
      // Thrown, so that the queue retries with backoff and finally dead-letters: a registry outage
      // must not flag a version as failed.
      throw new InconclusiveOwnershipCheck(inconclusive);
    }
    const outcome = failures.length === 0 ? 'verified' : 'failed';
    try {
      await this.commands.execute(new RecordOwnershipCheckCommand(job.name, job.version, outcome, failures));
    } catch (error) {
      if (error instanceof RegistryError && error.kind === 'not-found') return;
      throw error;
    }
    if (outcome === 'failed') {
      this.logger.warn(`${context.jobId}: package ownership failed: ${failures.join('; ')}`);
    }
  }

  private async enqueueCheck(name: string, version: string): Promise<string> {
    const jobId = ownershipCheckJobId(name, version);
    const job: OwnershipCheckJob = { name, version };
    await this.jobs.enqueue(OWNERSHIP_CHECK_QUEUE, job, {
      jobId,
      attempts: this.settings.checkAttempts,
      backoffMs: this.settings.checkBackoffMs,
    });
    return jobId;
  }
}

/** The server.json of a pre-serialised ServerResponse, with its name and version. */
function serverOf(doc: string): { name: string; version: string; json: ServerJson } | undefined {
  const parsed = JSON.parse(doc) as { server?: ServerJson };
  const json = parsed.server;
  if (json === undefined || typeof json.name !== 'string' || typeof json.version !== 'string')
    return undefined;
  return { name: json.name, version: json.version, json };
}

/** A server without packages (remote only) has no package ownership to lose. */
function hasPackages(server: ServerJson): boolean {
  return Array.isArray(server.packages) && server.packages.length > 0;
}
