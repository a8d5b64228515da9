import { Logger, LoggerService } from '@nestjs/common';
import type { DeadLetter, JobHandler, JobOptions, JobQueue, JobWorker } from '@registry/application/ports';
import type { RegistryHealthIndicator } from '@registry/http-kit/health/health-indicator';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import { Redis, RedisOptions } from 'ioredis';
import { fromBullMqJobId, toBullMqJobId } from './bullmq-job-id';
import { redisHealthIndicator } from './redis-health.indicator';
import { waitUntilReachable } from './redis-readiness';

const DEFAULT_ATTEMPTS = 3;
const DEFAULT_BACKOFF_MS = 1_000;

export interface BullMqJobQueueOptions {
  /** A `redis://` URL or ioredis options. */
  connection: string | RedisOptions;
  /** Key prefix of every queue (BullMQ's default is `bull`). */
  prefix?: string;
  /** How long the readiness gate waits for Redis before giving up. Default 30 s. */
  readinessTimeoutMs?: number;
  /** PING timeout of the health indicator. Default 1 s. */
  healthTimeoutMs?: number;
  /**
   * How long a running job stays locked to its worker without a renewal (renewed every half of it),
   * and how often stalled jobs are looked for. A worker killed mid-job holds its job until both have
   * passed: BullMQ's 30 s defaults left a killed federation worker's in-flight deliveries (and, by the
   * per-entry order, every later change of their servers) waiting 60-90 s. Defaults 10 s and 5 s.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Where failed tries and connection trouble are reported. Default: Nest's Logger. */
  logger?: Pick<LoggerService, 'log' | 'warn' | 'error'>;
}

type QueueLogger = Pick<LoggerService, 'log' | 'warn' | 'error'>;

/**
 * The distributed jobs adapter: BullMQ on Redis. Completed jobs are removed (so a job id is free again
 * once its job has run); failed jobs are kept, and those are the dead letters. Workers start paused
 * and run once the readiness gate has seen Redis answer.
 */
export class BullMqJobQueue implements JobQueue {
  private readonly logger: QueueLogger;
  /** Producers, the gate and the health check: commands fail after ioredis's retries instead of hanging. */
  private readonly commands: Redis;
  /** Workers: BullMQ requires `maxRetriesPerRequest: null` for their blocking reads. */
  private readonly workerConnection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Set<Worker>();
  private readonly closing = new AbortController();
  /** The first wait for Redis, bounded by `readinessTimeoutMs`: what whenReady() reports. */
  private readonly ready: Promise<void>;
  /** Opens when Redis first answers, however long that takes: workers wait on this. */
  private readonly gate: Promise<void>;
  private readonly lastWarning = new Map<string, number>();

  constructor(private readonly options: BullMqJobQueueOptions) {
    this.logger = options.logger ?? new Logger(BullMqJobQueue.name);
    this.commands = connect(options.connection, {});
    this.workerConnection = connect(options.connection, { maxRetriesPerRequest: null });
    for (const connection of [this.commands, this.workerConnection]) {
      // ioredis reconnects by itself; without a listener an 'error' event would crash the process.
      connection.on('error', (error: Error) => this.warnOnce(`Redis connection: ${error.message}`));
    }
    const timeoutMs = options.readinessTimeoutMs ?? 30_000;
    const wait = (): Promise<void> =>
      waitUntilReachable(this.commands, { timeoutMs, signal: this.closing.signal });
    this.ready = wait();
    this.gate = this.ready.catch(async (error: unknown) => {
      // Still waiting, rather than stuck for good: the workers start whenever Redis comes back.
      for (;;) {
        if (this.closing.signal.aborted) throw error;
        this.logger.error(`job workers stay stopped until Redis answers: ${String(error)}`);
        try {
          return await wait();
        } catch (next) {
          error = next;
        }
      }
    });
    this.gate.then(
      () => this.logger.log('Redis answers: job workers run'),
      () => undefined,
    );
  }

  /**
   * Resolves once Redis has answered; rejects (RedisUnreachable) if it did not within
   * `readinessTimeoutMs`, for an app that prefers to exit. The workers keep waiting either way.
   */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** The /readyz indicator for this queue's Redis. */
  healthIndicator(): RegistryHealthIndicator {
    return redisHealthIndicator(this.commands, { timeoutMs: this.options.healthTimeoutMs ?? 1_000 });
  }

  async enqueue<T>(queue: string, data: T, options: JobOptions = {}): Promise<void> {
    const q = this.queueOf(queue);
    const jobId = options.jobId === undefined ? undefined : toBullMqJobId(options.jobId);
    if (jobId !== undefined) await supersedeDeadLetter(q, jobId);
    await q.add(queue, data, {
      ...jobOptions(options),
      ...(jobId !== undefined ? { jobId } : {}),
      ...(options.delayMs !== undefined && options.delayMs > 0 ? { delay: options.delayMs } : {}),
    });
  }

  work<T>(queue: string, handler: JobHandler<T>, options: { concurrency: number }): JobWorker {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        await handler(job.data as T, { attempt: job.attemptsMade + 1, jobId: fromBullMqJobId(job.id ?? '') });
      },
      {
        connection: this.workerConnection,
        ...this.prefix(),
        concurrency: options.concurrency,
        lockDuration: this.options.lockDurationMs ?? 10_000,
        stalledInterval: this.options.stalledIntervalMs ?? 5_000,
        autorun: false,
      },
    );
    worker.on('error', (error: Error) => this.warnOnce(`worker of ${queue}: ${error.message}`));
    worker.on('failed', (job: Job | undefined, error: Error) =>
      this.logger.warn(
        `job ${fromBullMqJobId(job?.id ?? '?')} of ${queue} failed (try ${job?.attemptsMade ?? '?'}): ${error.message}`,
      ),
    );
    this.workers.add(worker);
    return new GatedWorker(worker, this.gate, () => this.workers.delete(worker), this.logger);
  }

  async schedule<T>(queue: string, scheduleId: string, everyMs: number, data: T): Promise<void> {
    if (!(everyMs > 0)) throw new Error(`everyMs must be positive, got ${everyMs}`);
    await this.queueOf(queue).upsertJobScheduler(
      scheduleId,
      { every: everyMs },
      { name: queue, data, opts: jobOptions({}) },
    );
  }

  async deadLetters<T>(queue: string): Promise<Array<DeadLetter<T>>> {
    // A job reaches the failed set only after its last try (or an unrecoverable error): all are final.
    const failed = await this.queueOf(queue).getFailed(0, -1);
    return failed.map((job) => ({
      jobId: fromBullMqJobId(job.id ?? ''),
      data: job.data as T,
      error: job.failedReason,
      attempts: job.attemptsMade,
    }));
  }

  async redrive(queue: string, jobId: string): Promise<void> {
    const q = this.queueOf(queue);
    // Ids BullMQ generated (numbers, `repeat:...`) are stored as they are; ours are escaped.
    for (const id of new Set([toBullMqJobId(jobId), jobId])) {
      const job = await q.getJob(id);
      if (job !== undefined && (await job.isFailed())) {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return;
      }
    }
    throw new Error(`no dead letter ${jobId} in queue ${queue}`);
  }

  async close(): Promise<void> {
    this.closing.abort();
    // Worker.close() waits for the jobs it is running.
    await Promise.allSettled([...this.workers].map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    await Promise.allSettled([this.commands, this.workerConnection].map(disconnect));
  }

  /** BullMQ's default (`bull`) unless set: an explicit `prefix: undefined` would override it. */
  private prefix(): { prefix?: string } {
    return this.options.prefix !== undefined ? { prefix: this.options.prefix } : {};
  }

  /** Connection trouble repeats at every reconnect: one line per distinct message per 10 s. */
  private warnOnce(message: string): void {
    const now = Date.now();
    if (now - (this.lastWarning.get(message) ?? -Infinity) < 10_000) return;
    this.lastWarning.set(message, now);
    this.logger.warn(message);
  }

  private queueOf(name: string): Queue {
    let q = this.queues.get(name);
    if (q === undefined) {
      q = new Queue(name, { connection: this.commands, ...this.prefix() });
      q.on('error', (error: Error) => this.warnOnce(`queue ${name}: ${error.message}`));
      this.queues.set(name, q);
    }
    return q;
  }
}

/** A BullMQ worker that runs only once the readiness gate has passed, and pauses in between as asked. */
class GatedWorker implements JobWorker {
  private paused = false;
  private closed = false;
  private gatePassed = false;

  constructor(
    private readonly worker: Worker,
    gate: Promise<void>,
    private readonly forget: () => void,
    private readonly logger: QueueLogger,
  ) {
    gate.then(
      () => {
        this.gatePassed = true;
        if (!this.paused && !this.closed) this.start();
      },
      // The queue reports a gate that never opened; the worker just stays stopped.
      () => undefined,
    );
  }

  async pause(): Promise<void> {
    this.paused = true;
    // Waits for the jobs this worker is running, like the port says.
    await this.worker.pause();
  }

  resume(): void {
    this.paused = false;
    if (this.gatePassed && !this.closed) this.start();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.forget();
    await this.worker.close();
  }

  private start(): void {
    if (this.worker.isPaused()) {
      // Restarts the main loop when pause() let it end.
      this.worker.resume();
    } else if (!this.worker.isRunning()) {
      this.worker.run().catch((error: unknown) => this.logger.error(`worker stopped: ${String(error)}`));
    }
  }
}

function jobOptions(options: JobOptions): JobsOptions {
  return {
    attempts: Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS),
    backoff: { type: 'exponential', delay: options.backoffMs ?? DEFAULT_BACKOFF_MS },
    removeOnComplete: true,
    removeOnFail: false,
  };
}

/**
 * BullMQ ignores an add whose id exists in any state, but the port frees an id once its job is no
 * longer waiting or running: a new job of a dead letter's id replaces the dead letter.
 */
async function supersedeDeadLetter(q: Queue, jobId: string): Promise<void> {
  const existing = await q.getJob(jobId);
  if (existing !== undefined && (await existing.isFailed())) {
    // Another producer may have removed it first; the add below then de-duplicates as usual.
    await existing.remove().catch(() => undefined);
  }
}

function connect(connection: string | RedisOptions, overrides: RedisOptions): Redis {
  return typeof connection === 'string'
    ? new Redis(connection, overrides)
    : new Redis({ ...connection, ...overrides });
}

async function disconnect(connection: Redis): Promise<void> {
  if (connection.status === 'ready') await connection.quit();
  else connection.disconnect();
}
