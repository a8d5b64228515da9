import { EventEnvelope, PendingEvent, RegistryError } from '@registry/domain/entry';
import { AppendResult, ConcurrencyConflict, EventStore } from '../ports';

const MAX_ATTEMPTS = 8;
/** How stale a read for hot-path decisions may be (writes always decide on the stream's current state). */
const REFRESH_AFTER_MS = 200;

/** A registry kept in one stream: its state carries the stream version it was folded to. */
export interface StreamState {
  streamVersion: number;
}

/**
 * A registry whose every record lives in one stream (the subscriptions, the namespace claims),
 * folded and kept in memory: reads catch up by reading only the events after the cached version,
 * and writes append with it as the expected version, deciding again on the fresh state when another
 * process appended first.
 */
export abstract class SingleStreamRepository<S extends StreamState> {
  private state: S;
  private refreshedAt = 0;
  private refreshing: Promise<S> | undefined;
  private writes: Promise<void> = Promise.resolve();

  protected constructor(
    private readonly store: EventStore,
    private readonly streamId: string,
    private readonly fold: (state: S, events: readonly EventEnvelope[]) => S,
    empty: S,
    /** What a caller reads when the retries did not settle a race (409). */
    private readonly conflictMessage: string,
  ) {
    this.state = empty;
  }

  /** The registry as the log has it now. */
  async current(): Promise<S> {
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The registry as this process last read or wrote it, without asking the store. */
  cached(): S {
    return this.state;
  }

  /** The registry as of at most a fraction of a second ago: for hot paths' per-call reads. */
  async recent(now = Date.now()): Promise<S> {
    return now - this.refreshedAt < REFRESH_AFTER_MS ? this.state : this.current();
  }

  /**
   * Appends what `decide` returns for the current state (nothing when it returns none); on a lost
   * race, reads the events appended meanwhile and decides again.
   */
  async write(decide: (state: S) => PendingEvent[]): Promise<{ state: S; result?: AppendResult }> {
    // One stream takes every record's writes: this process's writers take turns instead of racing
    // each other into conflicts (a hundred endpoints verified at once would exhaust the retries).
    // Writers in other processes still race, and the retries settle that.
    const turn = this.writes.then(() => this.writeNow(decide));
    this.writes = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async writeNow(decide: (state: S) => PendingEvent[]): Promise<{ state: S; result?: AppendResult }> {
    for (let attempt = 1; ; attempt++) {
      const before = await this.current();
      const events = decide(before);
      if (events.length === 0) return { state: before };
      try {
        const result = await this.store.append({
          streamId: this.streamId,
          expectedVersion: before.streamVersion,
          events,
        });
        this.advance(this.fold(before, result.events));
        return { state: this.state, result };
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new RegistryError('conflict', this.conflictMessage);
      }
    }
  }

  private async refresh(): Promise<S> {
    const started = Date.now();
    const events = await this.store.readStream(this.streamId, this.state.streamVersion);
    if (events.length > 0) this.advance(this.fold(this.state, events));
    this.refreshedAt = started;
    return this.state;
  }

  /** Keeps the newer of two states (a refresh and a write may finish in either order). */
  private advance(next: S): void {
    if (next.streamVersion >= this.state.streamVersion) this.state = next;
  }
}
