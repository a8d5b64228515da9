/** Options of one job. */
export interface JobOptions {
  /** Jobs with the same id are one job: enqueueing it again while it is waiting or running is a no-op. */
  jobId?: string;
  /** Tries in all (default 3). */
  attempts?: number;
  /** First retry delay; doubles at each retry (exponential backoff). Default 1,000 ms. */
  backoffMs?: number;
  /** Wait before the first try. */
  delayMs?: number;
}

export interface JobContext {
  /** 1 for the first try. */
  attempt: number;
  jobId: string;
}

export type JobHandler<T> = (data: T, context: JobContext) => Promise<void>;

/** A job that failed every attempt, kept for inspection and redrive. */
export interface DeadLetter<T = unknown> {
  jobId: string;
  data: T;
  error: string;
  attempts: number;
}

export interface JobWorker {
  /** Stops taking new jobs (running ones finish). */
  pause(): Promise<void>;
  resume(): void;
  close(): Promise<void>;
}

/**
 * Background jobs with retries and exponential backoff. Embedded: in-process. Distributed: BullMQ
 * on Redis. Both pass the same contract suite.
 */
export interface JobQueue {
  enqueue<T>(queue: string, data: T, options?: JobOptions): Promise<void>;
  /** Runs `handler` for the queue's jobs, at most `concurrency` at a time. */
  work<T>(queue: string, handler: JobHandler<T>, options: { concurrency: number }): JobWorker;
  /** Enqueues `data` every `everyMs`; one schedule per (queue, scheduleId), re-declaring replaces it. */
  schedule<T>(queue: string, scheduleId: string, everyMs: number, data: T): Promise<void>;
  deadLetters<T>(queue: string): Promise<Array<DeadLetter<T>>>;
  /** Enqueues a dead letter again with fresh attempts, and removes it from the dead letters. */
  redrive(queue: string, jobId: string): Promise<void>;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JobQueue');
