import { randomUUID } from 'node:crypto';
import { DeadLetter, JobHandler, JobOptions, JobQueue, JobWorker } from '../ports/job-queue.port';

export const DEFAULT_JOB_ATTEMPTS = 3;
export const DEFAULT_JOB_BACKOFF_MS = 1_000;

interface Job {
  id: string;
  data: unknown;
  attempts: number;
  backoffMs: number;
  /** Tries made so far. */
  made: number;
  state: 'delayed' | 'ready' | 'running';
  timer?: NodeJS.Timeout;
}

interface Worker {
  handler: JobHandler<unknown>;
  concurrency: number;
  paused: boolean;
  closed: boolean;
  running: Set<Promise<void>>;
}

interface Queue {
  /** Waiting (delayed or ready) and running jobs, by id: the set jobIds are de-duplicated against. */
  jobs: Map<string, Job>;
  ready: Job[];
  workers: Worker[];
  /** With the backoff the job had, so that a redrive retries at the same pace. */
  deadLetters: Map<string, { letter: DeadLetter; backoffMs: number }>;
  schedules: Map<string, NodeJS.Timeout>;
}

export interface InProcessJobQueueOptions {
  /** Told about each failed try (the job is retried or dead-lettered by the queue either way). */
  onFailure?: (queue: string, jobId: string, attempt: number, error: unknown) => void;
}

/**
 * The embedded jobs adapter: BullMQ's semantics in memory, for the all-in-one registry. Jobs live as
 * long as the process; schedules are declared again at start-up, and waiting jobs are lost on exit
 * (the verifier's next sweep enqueues them again).
 */
export class InProcessJobQueue implements JobQueue {
  private readonly queues = new Map<string, Queue>();
  private closed = false;

  constructor(private readonly options: InProcessJobQueueOptions = {}) {}

  async enqueue<T>(queue: string, data: T, options: JobOptions = {}): Promise<void> {
    this.add(queue, data, options);
  }

  work<T>(queue: string, handler: JobHandler<T>, options: { concurrency: number }): JobWorker {
    if (this.closed) throw new Error('the job queue is closed');
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new Error(`concurrency must be a positive integer, got ${options.concurrency}`);
    }
    const q = this.queueOf(queue);
    const worker: Worker = {
      handler: handler as JobHandler<unknown>,
      concurrency: options.concurrency,
      paused: false,
      closed: false,
      running: new Set(),
    };
    q.workers.push(worker);
    this.dispatch(queue, q);
    return {
      pause: async () => {
        worker.paused = true;
        await settled(worker.running);
      },
      resume: () => {
        if (worker.closed) return;
        worker.paused = false;
        this.dispatch(queue, q);
      },
      close: async () => {
        worker.closed = true;
        q.workers = q.workers.filter((w) => w !== worker);
        await settled(worker.running);
      },
    };
  }

  async schedule<T>(queue: string, scheduleId: string, everyMs: number, data: T): Promise<void> {
    if (!(everyMs > 0)) throw new Error(`everyMs must be positive, got ${everyMs}`);
    const q = this.queueOf(queue);
    clearInterval(q.schedules.get(scheduleId));
    // Like a BullMQ job scheduler with `every`: the first job now, then one per interval.
    const fire = (): void => {
      if (!this.closed) this.add(queue, data, { jobId: `repeat:${scheduleId}:${Date.now()}` });
    };
    const timer = setInterval(fire, everyMs);
    timer.unref();
    q.schedules.set(scheduleId, timer);
    fire();
  }

  async deadLetters<T>(queue: string): Promise<Array<DeadLetter<T>>> {
    return [...(this.queues.get(queue)?.deadLetters.values() ?? [])].map(({ letter }) => ({
      ...letter,
      data: letter.data as T,
    }));
  }

  async redrive(queue: string, jobId: string): Promise<void> {
    const dead = this.queues.get(queue)?.deadLetters.get(jobId);
    if (dead === undefined) throw new Error(`no dead letter ${jobId} in queue ${queue}`);
    // add() supersedes the dead letter of the same id with a fresh job.
    this.add(queue, dead.letter.data, { jobId, attempts: dead.letter.attempts, backoffMs: dead.backoffMs });
  }

  async close(): Promise<void> {
    this.closed = true;
    const running: Array<Promise<void>> = [];
    for (const q of this.queues.values()) {
      for (const timer of q.schedules.values()) clearInterval(timer);
      for (const job of q.jobs.values()) clearTimeout(job.timer);
      for (const worker of q.workers) {
        worker.closed = true;
        running.push(...worker.running);
      }
      q.workers = [];
      q.ready = [];
    }
    await Promise.allSettled(running);
  }

  private add(queue: string, data: unknown, options: JobOptions): void {
    if (this.closed) throw new Error('the job queue is closed');
    const q = this.queueOf(queue);
    const id = options.jobId ?? randomUUID();
    if (q.jobs.has(id)) return;
    q.deadLetters.delete(id);
    const job: Job = {
      id,
      data,
      attempts: Math.max(1, options.attempts ?? DEFAULT_JOB_ATTEMPTS),
      backoffMs: options.backoffMs ?? DEFAULT_JOB_BACKOFF_MS,
      made: 0,
      state: 'ready',
    };
    q.jobs.set(id, job);
    this.wait(queue, q, job, options.delayMs ?? 0);
  }

  /** Makes the job ready after `ms` (at once when 0). */
  private wait(queue: string, q: Queue, job: Job, ms: number): void {
    if (ms <= 0) {
      job.state = 'ready';
      q.ready.push(job);
      this.dispatch(queue, q);
      return;
    }
    job.state = 'delayed';
    job.timer = setTimeout(() => {
      job.timer = undefined;
      if (!this.closed) this.wait(queue, q, job, 0);
    }, ms);
    job.timer.unref();
  }

  private dispatch(queue: string, q: Queue): void {
    for (const worker of q.workers) {
      while (
        q.ready.length > 0 &&
        !worker.paused &&
        !worker.closed &&
        worker.running.size < worker.concurrency
      ) {
        this.run(queue, q, worker, q.ready.shift()!);
      }
    }
  }

  private run(queue: string, q: Queue, worker: Worker, job: Job): void {
    job.state = 'running';
    job.made += 1;
    const attempt = job.made;
    const task = Promise.resolve()
      .then(() => worker.handler(job.data, { attempt, jobId: job.id }))
      .then(
        () => {
          q.jobs.delete(job.id);
        },
        (error: unknown) => this.failed(queue, q, job, error),
      )
      .finally(() => {
        worker.running.delete(task);
        if (!this.closed) this.dispatch(queue, q);
      });
    worker.running.add(task);
  }

  private failed(queue: string, q: Queue, job: Job, error: unknown): void {
    this.options.onFailure?.(queue, job.id, job.made, error);
    if (this.closed) return;
    if (job.made < job.attempts) {
      this.wait(queue, q, job, job.backoffMs * 2 ** (job.made - 1));
      return;
    }
    q.jobs.delete(job.id);
    q.deadLetters.set(job.id, {
      letter: { jobId: job.id, data: job.data, error: errorText(error), attempts: job.made },
      backoffMs: job.backoffMs,
    });
  }

  private queueOf(name: string): Queue {
    let q = this.queues.get(name);
    if (q === undefined) {
      q = { jobs: new Map(), ready: [], workers: [], deadLetters: new Map(), schedules: new Map() };
      this.queues.set(name, q);
    }
    return q;
  }
}

/** The text BullMQ keeps as a failed job's reason: the error's message. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function settled(running: Set<Promise<void>>): Promise<void> {
  await Promise.allSettled([...running]);
}
