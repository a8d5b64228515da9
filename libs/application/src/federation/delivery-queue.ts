import { Inject, Injectable } from '@nestjs/common';
import { DeliveryRecord, JOB_QUEUE, JobQueue } from '../ports';
import { CLOCK, Clock } from '../system/system.ports';
import { DELIVERY_QUEUE } from './federation-settings';

/** One delivery attempt as the job queue carries it. */
export interface DeliveryJob {
  deliveryId: string;
  /** The attempt this job makes (1 for the first). */
  attempt: number;
  /** The delivery's nextAttemptAt this job was enqueued for (ms): a job for an older schedule is stale. */
  dueAt: number;
}

/**
 * Puts a scheduled delivery's next attempt on the job queue, delayed until it is due: the queue
 * (in-process, or BullMQ shared by the fleet) carries the retry schedule. Any process may enqueue
 * (an API replica retrying a delivery by hand); the federation workers run the jobs.
 */
@Injectable()
export class DeliveryQueue {
  constructor(
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async enqueue(record: DeliveryRecord): Promise<void> {
    if (record.state !== 'scheduled' || record.nextAttemptAt === null) return;
    const dueAt = Date.parse(record.nextAttemptAt);
    const attempt = record.attempts.length + 1;
    await this.jobs.enqueue<DeliveryJob>(
      DELIVERY_QUEUE,
      { deliveryId: record.deliveryId, attempt, dueAt },
      {
        // One job per attempt and schedule: enqueueing it again while it waits is a no-op.
        jobId: `${record.deliveryId}#${attempt}@${dueAt}`,
        delayMs: Math.max(0, dueAt - this.clock.now().getTime()),
        // Tries of the job itself, for the store or the log being briefly unreachable; the
        // endpoint's failures are attempts of the delivery, scheduled by the domain, not job retries.
        attempts: 3,
        backoffMs: 1_000,
      },
    );
  }
}
