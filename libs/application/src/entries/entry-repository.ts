import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, ServerEntryState, applyEvent } from '@registry/domain/entry';
import { EVENT_STORE, EventStore } from '../ports';

/**
 * Entries kept in memory. Sized for a registry of tens of thousands of servers: a miss re-reads the
 * whole stream, which costs more than the memory (a few KB an entry).
 */
const CACHE_LIMIT = 50_000;

/**
 * Loads server entry aggregates from their streams. Recently used entries stay in memory and are
 * brought up to date by reading only the events after the cached version, so a publish to a server
 * with thousands of versions does not replay them all.
 */
@Injectable()
export class EntryRepository {
  private readonly cache = new Map<string, ServerEntryState>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async idOfName(name: string): Promise<string | undefined> {
    return this.store.claimHolder('name', name);
  }

  async loadByName(name: string): Promise<ServerEntryState | undefined> {
    const id = await this.idOfName(name);
    return id === undefined ? undefined : this.load(id);
  }

  async load(entryId: string): Promise<ServerEntryState | undefined> {
    const cached = this.cache.get(entryId);
    const events = await this.store.readStream(entryId, cached?.streamVersion ?? 0);
    const state = events.reduce<ServerEntryState | undefined>((s, e) => applyEvent(s, e), cached);
    if (state !== undefined) this.remember(state);
    return state;
  }

  /** Folds freshly appended events into the cached state, saving the next load a read. */
  advance(state: ServerEntryState | undefined, events: EventEnvelope[]): ServerEntryState | undefined {
    const next = events.reduce<ServerEntryState | undefined>((s, e) => applyEvent(s, e), state);
    if (next !== undefined) this.remember(next);
    return next;
  }

  private remember(state: ServerEntryState): void {
    this.cache.delete(state.entryId);
    this.cache.set(state.entryId, state);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
  }
}
