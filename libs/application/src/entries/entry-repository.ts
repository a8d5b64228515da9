import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, ServerEntryState, applyEvents } from '@registry/domain/entry';
import { EVENT_STORE, EventStore } from '../ports';

/**
 * Entries kept in memory. Sized for a registry of tens of thousands of servers: a miss re-reads the
 * whole stream, which costs more than the memory (a few KB an entry).
 */
const CACHE_LIMIT = 50_000;
/** Events read per step of a warm-up; the event loop serves requests between steps. */
const WARM_UP_BATCH = 2_000;
/**
 * A warm-up reads at most the log's last this many events (and warms the entries created within
 * them): it holds every state it folds until the end, so its memory is bounded by this.
 */
const WARM_UP_MAX_EVENTS = 200_000;

/**
 * Loads server entry aggregates from their streams. Recently used entries stay in memory and are
 * brought up to date by reading only the events after the cached version, so a publish to a server
 * with thousands of versions does not replay them all.
 */
@Injectable()
export class EntryRepository {
  private readonly cache = new Map<string, ServerEntryState>();
  /**
   * Entry ids of the cached entries by name. A rename releases a name, which another entry may then
   * take: a mapping is checked against the entry's name before use, and dropped when they differ.
   */
  private readonly idsByName = new Map<string, string>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async idOfName(name: string): Promise<string | undefined> {
    return this.store.claimHolder('name', name);
  }

  async loadByName(name: string): Promise<ServerEntryState | undefined> {
    const known = this.idsByName.get(name);
    if (known !== undefined) {
      const state = await this.load(known);
      if (state?.name === name) return state;
      // The entry was renamed (here or by another process): the name's claim says who holds it now.
      if (this.idsByName.get(name) === known) this.idsByName.delete(name);
    }
    const id = await this.idOfName(name);
    if (id === undefined) return undefined;
    const state = await this.load(id);
    // Claimed but not yet named so in the stream (a rename or a creation committing right now).
    return state?.name === name ? state : undefined;
  }

  /** The entry as of the last event this process saw: up to date unless another process wrote since. */
  async load(entryId: string): Promise<ServerEntryState | undefined> {
    const cached = this.cache.get(entryId);
    const events = await this.store.readStream(entryId, cached?.streamVersion ?? 0);
    const state = applyEvents(cached, events);
    if (state !== undefined) this.remember(state);
    return state;
  }

  /**
   * The cached state of the entry named `name`, without asking the store whether another process
   * appended to it since: for a write that appends with this state's version as the expected one (a
   * stale state then fails the append, and the write loads again). Undefined when not cached.
   */
  cachedByName(name: string): ServerEntryState | undefined {
    const id = this.idsByName.get(name);
    const state = id === undefined ? undefined : this.cache.get(id);
    // A cached entry renamed away from the name is not the name's (loadByName finds out whose it is).
    if (state === undefined || state.name !== name) return undefined;
    this.remember(state);
    return state;
  }

  /** The cached state of an entry as it is, without touching the cache's order or the store. */
  peek(entryId: string): ServerEntryState | undefined {
    return this.cache.get(entryId);
  }

  /** Caches the state an append has just made current. */
  remember(state: ServerEntryState): void {
    const previous = this.cache.get(state.entryId);
    if (
      previous !== undefined &&
      previous.name !== state.name &&
      this.idsByName.get(previous.name) === state.entryId
    )
      this.idsByName.delete(previous.name);
    this.cache.delete(state.entryId);
    this.cache.set(state.entryId, state);
    this.idsByName.set(state.name, state.entryId);
    if (this.cache.size > CACHE_LIMIT) this.evictOldest();
  }

  /**
   * Fills the cache from the log, so the first write to each entry after a start does not pay a
   * stream read (with many entries written in turn, that read is most of a publish's cost). Reads
   * the log in steps, yielding between them; fills only what no load cached meanwhile, and keeps at
   * most the cache's limit, the most recently changed entries last. A state it fills that another
   * process changed since is brought up to date by the next `load`, as any cached state is.
   */
  async warmUp(maxEvents = WARM_UP_MAX_EVENTS): Promise<{ entries: number; events: number }> {
    const folded = new Map<string, ServerEntryState>();
    let position = Math.max(0, (await this.store.headPosition()) - maxEvents);
    let events = 0;
    for (;;) {
      const batch = await this.store.readFrom(position, WARM_UP_BATCH);
      if (batch.length === 0) break;
      // Each stream's events of the step are folded together (one copy of its state per step).
      const byStream = new Map<string, EventEnvelope[]>();
      for (const event of batch) {
        const run = byStream.get(event.streamId);
        if (run === undefined) byStream.set(event.streamId, [event]);
        else run.push(event);
      }
      for (const [streamId, run] of byStream) {
        const known = folded.get(streamId);
        // An entry created before the window would fold from the middle of its stream: left out.
        const from = known === undefined ? run.findIndex((e) => e.type === 'server.entry.created') : 0;
        if (from < 0) continue;
        const state = applyEvents(known, from === 0 ? run : run.slice(from))!;
        folded.delete(streamId);
        folded.set(streamId, state);
      }
      position = batch.at(-1)!.position;
      events += batch.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    // What loads cached meanwhile is newer: it stays, after the warmed entries (evicted first).
    const loaded = new Map(this.cache);
    this.cache.clear();
    let entries = 0;
    for (const state of [...folded.values()].slice(-CACHE_LIMIT)) {
      if (loaded.has(state.entryId)) continue;
      this.cache.set(state.entryId, state);
      this.idsByName.set(state.name, state.entryId);
      entries += 1;
    }
    for (const [id, state] of loaded) this.cache.set(id, state);
    while (this.cache.size > CACHE_LIMIT) this.evictOldest();
    return { entries, events };
  }

  private evictOldest(): void {
    const oldest = this.cache.values().next().value;
    if (oldest === undefined) return;
    this.cache.delete(oldest.entryId);
    if (this.idsByName.get(oldest.name) === oldest.entryId) this.idsByName.delete(oldest.name);
  }
}
