import {
  DeadLetter,
  JobHandler,
  JobOptions,
  JobQueue,
  JobWorker,
} from '@registry/application/ports/job-queue.port';

/** One `enqueue` call, as the code under test made it, and when it was made on the test's clock. */
export interface RecordedJob<T = unknown> {
  queue: string;
  data: T;
  options: JobOptions;
  /** The test clock's time of the call (ms). */
  enqueuedAt: number;
  /** The test clock's time at which the job is due: enqueuedAt + delayMs. */
  dueAt: number;
  state: 'waiting' | 'running' | 'done';
}

/**
 * A job queue whose only fake part is time: it records every `enqueue` with its options (so a test
 * asserts the delays the code scheduled), and runs a job's handler only when the test asks, at the
 * time of the test's clock. Like the real adapters (see the job-queue contract), a job id is one job
 * while it waits or runs, and free again once its job has run. A handler's error fails the test:
 * the delivery path records the endpoint's failures itself, so a throwing job is a bug to see.
 */
export class RecordingJobQueue implements JobQueue {
  readonly jobs: RecordedJob[] = [];
  private readonly handlers = new Map<string, JobHandler<unknown>>();

  constructor(private readonly now: () => number) {}

  async enqueue<T>(queue: string, data: T, options: JobOptions = {}): Promise<void> {
    if (options.jobId !== undefined && this.live(queue, options.jobId) !== undefined) return;
    const enqueuedAt = this.now();
    this.jobs.push({
      queue,
      data,
      options,
      enqueuedAt,
      dueAt: enqueuedAt + (options.delayMs ?? 0),
      state: 'waiting',
    });
  }

  work<T>(queue: string, handler: JobHandler<T>): JobWorker {
    this.handlers.set(queue, handler as JobHandler<unknown>);
    return {
      pause: async () => undefined,
      resume: () => undefined,
      close: async () => {
        this.handlers.delete(queue);
      },
    };
  }

  /** Jobs of `queue` still waiting, in the order they were enqueued. */
  waiting<T>(queue: string): Array<RecordedJob<T>> {
    return this.jobs.filter((j) => j.queue === queue && j.state === 'waiting') as Array<RecordedJob<T>>;
  }

  /**
   * Runs the waiting jobs of `queue` that are due by the clock, earliest due first, and the jobs they
   * enqueue that are due too, until none is left; returns how many ran.
   */
  async runDue(queue: string): Promise<number> {
    let ran = 0;
    for (;;) {
      const due = this.waiting(queue)
        .filter((j) => j.dueAt <= this.now())
        .sort((a, b) => a.dueAt - b.dueAt);
      if (due.length === 0) return ran;
      await this.run(due[0]!);
      ran += 1;
    }
  }

  /** Runs one recorded job now, whatever its delay (the test moved its clock, or means to run it early). */
  async run(job: RecordedJob): Promise<void> {
    const handler = this.handlers.get(job.queue);
    if (handler === undefined) throw new Error(`no worker for queue ${job.queue}`);
    if (job.state !== 'waiting') throw new Error(`job ${job.options.jobId ?? '?'} is ${job.state}`);
    job.state = 'running';
    try {
      await handler(job.data, { attempt: 1, jobId: job.options.jobId ?? '' });
    } finally {
      job.state = 'done';
    }
  }

  async schedule(): Promise<void> {
    throw new Error('RecordingJobQueue: schedules are not used by the delivery path');
  }

  async deadLetters<T>(): Promise<Array<DeadLetter<T>>> {
    return [];
  }

  async redrive(queue: string, jobId: string): Promise<void> {
    throw new Error(`RecordingJobQueue: no dead letter ${jobId} in ${queue}`);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }

  private live(queue: string, jobId: string): RecordedJob | undefined {
    return this.jobs.find((j) => j.queue === queue && j.options.jobId === jobId && j.state !== 'done');
  }
}
