import { Inject, Injectable } from '@nestjs/common';
import { PendingEvent } from '@registry/domain/entry';
import {
  UPSTREAM_STREAM,
  UpstreamState,
  applyUpstreamEvents,
  emptyUpstreamState,
} from '@registry/domain/upstream';
import { ConcurrencyConflict, EVENT_STORE, EventStore } from '../ports';

/**
 * The mirror's stream, folded: read by the `/upstream` endpoint on any replica and by the mirror when
 * it starts. The mirror is its only writer (one runs at a time), so a conflict means another mirror
 * process appended: the append is refused and the caller reads again.
 */
@Injectable()
export class UpstreamStateRepository {
  private state: UpstreamState = emptyUpstreamState();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(): Promise<UpstreamState> {
    const events = await this.store.readStream(UPSTREAM_STREAM, this.state.streamVersion);
    if (events.length > 0) this.state = applyUpstreamEvents(this.state, events);
    return this.state;
  }

  /** Appends with the state's version as the expected one; false when another writer came first. */
  async append(events: PendingEvent[]): Promise<boolean> {
    const before = await this.current();
    try {
      const result = await this.store.append({
        streamId: UPSTREAM_STREAM,
        expectedVersion: before.streamVersion,
        events,
      });
      this.state = applyUpstreamEvents(before, result.events);
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return false;
      throw error;
    }
  }
}
