import { Inject, Injectable } from '@nestjs/common';
import { PendingEvent, RegistryError } from '@registry/domain/entry';
import {
  SUBSCRIPTION_REGISTRY_STREAM,
  SubscriptionRegistryState,
  applySubscriptionEvents,
} from '@registry/domain/subscription';
import { AppendResult, ConcurrencyConflict, EVENT_STORE, EventStore } from '../ports';

const MAX_ATTEMPTS = 8;
/** How stale a read for delivery decisions may be (writes always decide on the stream's current state). */
const REFRESH_AFTER_MS = 200;

const EMPTY: SubscriptionRegistryState = { streamVersion: 0, subscriptions: new Map() };

/**
 * The subscription registry's one stream, folded and kept in memory: reads catch up by reading only
 * the events after the cached version, and writes append with it as the expected version, deciding
 * again on the fresh state when another process appended first.
 */
@Injectable()
export class SubscriptionRegistryRepository {
  private state: SubscriptionRegistryState = EMPTY;
  private refreshedAt = 0;
  private refreshing: Promise<SubscriptionRegistryState> | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The registry as the log has it now. */
  async current(): Promise<SubscriptionRegistryState> {
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The registry as this process last read or wrote it, without asking the store. */
  cached(): SubscriptionRegistryState {
    return this.state;
  }

  /** The registry as of at most a fraction of a second ago: for the delivery path's per-attempt reads. */
  async recent(now = Date.now()): Promise<SubscriptionRegistryState> {
    return now - this.refreshedAt < REFRESH_AFTER_MS ? this.state : this.current();
  }

  /**
   * Appends what `decide` returns for the current state (nothing when it returns none); on a lost
   * race, reads the events appended meanwhile and decides again.
   */
  async write(
    decide: (state: SubscriptionRegistryState) => PendingEvent[],
  ): Promise<{ state: SubscriptionRegistryState; result?: AppendResult }> {
    // One stream takes every subscription's writes: this process's writers take turns instead of
    // racing each other into conflicts (a hundred endpoints verified at once would exhaust the
    // retries). Writers in other processes still race, and the retries settle that.
    const turn = this.writes.then(() => this.writeNow(decide));
    this.writes = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async writeNow(
    decide: (state: SubscriptionRegistryState) => PendingEvent[],
  ): Promise<{ state: SubscriptionRegistryState; result?: AppendResult }> {
    for (let attempt = 1; ; attempt++) {
      const before = await this.current();
      const events = decide(before);
      if (events.length === 0) return { state: before };
      try {
        const result = await this.store.append({
          streamId: SUBSCRIPTION_REGISTRY_STREAM,
          expectedVersion: before.streamVersion,
          events,
        });
        this.advance(applySubscriptionEvents(before, result.events) ?? before);
        return { state: this.state, result };
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
        if (attempt >= MAX_ATTEMPTS)
          throw new RegistryError('conflict', 'the subscriptions changed concurrently too often; try again');
      }
    }
  }

  private async refresh(): Promise<SubscriptionRegistryState> {
    const started = Date.now();
    const events = await this.store.readStream(SUBSCRIPTION_REGISTRY_STREAM, this.state.streamVersion);
    if (events.length > 0) this.advance(applySubscriptionEvents(this.state, events) ?? this.state);
    this.refreshedAt = started;
    return this.state;
  }

  /** Keeps the newer of two states (a refresh and a write may finish in either order). */
  private advance(next: SubscriptionRegistryState): void {
    if (next.streamVersion >= this.state.streamVersion) this.state = next;
  }
}
