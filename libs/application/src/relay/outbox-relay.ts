import { Logger, LoggerService } from '@nestjs/common';
import { EventPublisher, EventStore, RelayCheckpointStore } from '../ports';

export interface OutboxRelayOptions {
  /** Events read and published per pass. Default 500. */
  batchSize?: number;
  /** How often the loop looks for new events when nobody wakes it. Default 1 s. */
  pollMs?: number;
  /** First wait after a failed pass; doubled per failure up to `maxRetryBackoffMs`. Default 200 ms. */
  retryBackoffMs?: number;
  /** Default 10 s. */
  maxRetryBackoffMs?: number;
  logger?: Pick<LoggerService, 'log' | 'warn' | 'error'>;
}

/**
 * The transactional outbox's relay: the event log itself is the outbox. It reads committed events
 * after its checkpoint, publishes them in position order, and only then saves the checkpoint. A
 * crash between the two re-publishes the batch on restart (at-least-once); consumers de-duplicate by
 * stream version. Run one relay per log: two would publish everything twice (harmless, wasteful).
 *
 *   const relay = new OutboxRelay(store, publisher, checkpoints);
 *   relay.start();
 *   store.onCommit(() => relay.wake());
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly retryBackoffMs: number;
  private readonly maxRetryBackoffMs: number;
  private readonly logger: Pick<LoggerService, 'log' | 'warn' | 'error'>;
  /** The last position published and saved; undefined = load it from the checkpoint store. */
  private position: number | undefined;
  /** Passes run one at a time, whoever asks (the loop, a test, an operator command). */
  private pass: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | undefined;
  private stopping = false;
  private woken = false;
  private interruptSleep: (() => void) | undefined;

  constructor(
    private readonly log: Pick<EventStore, 'readFrom'>,
    private readonly publisher: EventPublisher,
    private readonly checkpoints: RelayCheckpointStore,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollMs = options.pollMs ?? 1_000;
    this.retryBackoffMs = options.retryBackoffMs ?? 200;
    this.maxRetryBackoffMs = options.maxRetryBackoffMs ?? 10_000;
    this.logger = options.logger ?? new Logger('OutboxRelay');
  }

  /** The last position this relay published and saved (undefined before its first pass). */
  get relayedPosition(): number | undefined {
    return this.position;
  }

  /**
   * One pass: publishes the next batch after the checkpoint, then saves the checkpoint. Resolves with
   * the number of events published (0 = nothing new). On any failure the next pass starts again from
   * the stored checkpoint.
   */
  relayOnce(): Promise<number> {
    const next = this.pass.then(() => this.relayBatch());
    this.pass = next.catch(() => undefined);
    return next;
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    if (this.loop !== undefined) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** New events were committed: relay them now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.interruptSleep?.();
  }

  /**
   * Stops the loop after the pass in flight; does not close the publisher (its owner does). A later
   * start() reads the checkpoint store again, in case another relay moved it meanwhile.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.interruptSleep?.();
    await this.loop;
    await this.pass;
    this.loop = undefined;
    this.position = undefined;
  }

  private async relayBatch(): Promise<number> {
    try {
      const after = this.position ?? (await this.checkpoints.load());
      const events = await this.log.readFrom(after, this.batchSize);
      if (events.length === 0) {
        this.position = after;
        return 0;
      }
      await this.publisher.publish(events);
      const last = events[events.length - 1]!.position;
      await this.checkpoints.save(last);
      this.position = last;
      return events.length;
    } catch (error) {
      this.position = undefined;
      throw error;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.woken = false;
      let published: number;
      try {
        published = await this.relayOnce();
        if (failures > 0) this.logger.log(`relaying again after ${failures} failed pass(es)`);
        failures = 0;
      } catch (error) {
        failures++;
        const wait = Math.min(this.maxRetryBackoffMs, this.retryBackoffMs * 2 ** (failures - 1));
        this.logger.warn(
          `relay pass failed (${failures} in a row), retrying in ${wait} ms: ${describe(error)}`,
        );
        await this.sleep(wait, false);
        continue;
      }
      // A full batch means more is waiting; otherwise wait for a commit or the poll.
      if (published < this.batchSize) await this.sleep(this.pollMs, true);
    }
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping || (wakeable && this.woken)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.interruptSleep = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interruptSleep = () => {
        if (this.stopping || wakeable) done();
      };
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
