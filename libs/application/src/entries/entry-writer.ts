import { Inject, Injectable } from '@nestjs/common';
import {
  ENTRY_MESSAGES,
  EventEnvelope,
  PendingEvent,
  RENAME_MESSAGES,
  RegistryError,
  ServerEntryState,
  activeRemoteUrls,
  applyEvents,
  invalid,
} from '@registry/domain/entry';
import {
  AppendResult,
  ClaimChange,
  ClaimConflict,
  ConcurrencyConflict,
  EVENT_STORE,
  EventStore,
} from '../ports';
import { uuidV7 } from '../system/uuid-v7';
import { EntryRepository } from './entry-repository';

/**
 * Attempts of one write before a lost race is the caller's problem (409). Within a process the
 * writers of one entry take turns, so races are only with other processes of the fleet, each
 * contributing one writer at a time.
 */
const MAX_ATTEMPTS = 10;
/**
 * Pause before deciding again after a lost race: doubling from the first, capped, each drawn
 * between half and the whole (jitter, so that two processes that collided do not collide again in
 * step). The process that won keeps appending on its warm cache while the loser re-reads, so the
 * pauses must add up to more than a burst of writes takes it: about 0.5–1 s over all attempts.
 */
const BACKOFF_FIRST_MS = 5;
const BACKOFF_CAP_MS = 250;

/** How long to wait before the attempt after `lost` lost races; `random` in [0, 1). */
export function backoffMs(lost: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** (lost - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

export interface EntryWrite {
  state: ServerEntryState;
  result: AppendResult;
}

/**
 * The one way events reach the store: load the entry, let the domain decide, derive the claims the
 * change needs, append with the expected version, and on a lost race decide again on fresh state.
 */
@Injectable()
export class EntryWriter {
  /** The last write of each name in progress here: the next write of that name waits for it. */
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly entries: EntryRepository,
  ) {}

  /**
   * @param name the server name the write is about
   * @param decide returns the events to append, or throws a RegistryError; called again after a race
   * @param createIfMissing whether a name with no entry starts a new one (publish) or is not found
   */
  write(
    name: string,
    decide: (state: ServerEntryState | undefined) => PendingEvent[],
    createIfMissing: boolean,
    options: WriteOptions = {},
  ): Promise<EntryWrite> {
    // The writers of one entry in this process take turns, as the subscription registry's do: at
    // once, they all decided on the same state and all but one lost the append, a hundred
    // publishes exhausting the retries of most. Each turn decides on the state the previous one
    // left in the cache, so no turn loses to this process; writes of other entries do not wait.
    const previous = this.turns.get(name);
    const run =
      previous === undefined
        ? this.writeInTurn(name, decide, createIfMissing, options)
        : previous.then(() => this.writeInTurn(name, decide, createIfMissing, options));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(name, settled);
    void settled.then(() => {
      if (this.turns.get(name) === settled) this.turns.delete(name);
    });
    return run;
  }

  private async writeInTurn(
    name: string,
    decide: (state: ServerEntryState | undefined) => PendingEvent[],
    createIfMissing: boolean,
    options: WriteOptions,
  ): Promise<EntryWrite> {
    let lost = 0;
    for (let attempt = 1; ; attempt++) {
      // First from the cache as it is: an append made with a stale state fails on its expected
      // version, and the next attempt reads the stream. Only an answer given without appending (a
      // refusal, nothing to change) must first make sure the state was current.
      const cached = attempt === 1 ? this.entries.cachedByName(name) : undefined;
      const before = cached ?? (await this.load(name, options));
      if (before === undefined && !createIfMissing)
        throw new RegistryError('not-found', ENTRY_MESSAGES.serverNotFound);
      let events: PendingEvent[];
      try {
        events = decide(before);
      } catch (error) {
        if (cached !== undefined && (await this.changedSince(cached))) continue;
        throw error;
      }
      if (events.length === 0 && before !== undefined) {
        if (cached !== undefined && (await this.changedSince(cached))) continue;
        // Nothing changed (an idempotent command): nothing to append.
        return { state: before, result: { streamId: before.entryId, events: [], lastPosition: 0 } };
      }
      // A mirror keeps its upstream's entry id, so an entry has one identity everywhere.
      const streamId = before?.entryId ?? options.streamId ?? uuidV7();
      const after = preview(before, streamId, events);
      try {
        const result = await this.store.append({
          streamId,
          expectedVersion: before?.streamVersion ?? 0,
          events,
          claims: claimsFor(before, after, options.lenientRemoteClaims === true),
        });
        // The append took the expected version, so its events got exactly the preview's versions.
        this.entries.remember(after);
        return { state: after, result };
      } catch (error) {
        // Another writer of this entry (another process, or for a new name another creator of it)
        // appended first: the next attempt reads what it appended and decides again. A name an
        // existing entry was to move to is held by another: no retry changes that.
        if (error instanceof ClaimConflict && error.scope === 'name' && before !== undefined)
          throw new RegistryError('conflict', RENAME_MESSAGES.nameTaken(error.key));
        const raced =
          error instanceof ConcurrencyConflict || (error instanceof ClaimConflict && error.scope === 'name');
        if (raced && attempt < MAX_ATTEMPTS) {
          // A cached state that was merely stale (another process wrote a while ago) is read again
          // at once; a state read from the stream that still lost is a race in progress: pause.
          if (cached === undefined) {
            lost += 1;
            await sleep(backoffMs(lost));
          }
          continue;
        }
        if (error instanceof ClaimConflict && error.scope === 'remote-url') {
          const holder = await this.entries.load(error.heldBy);
          throw invalid(ENTRY_MESSAGES.remoteUrlTaken(error.key, holder?.name ?? error.heldBy));
        }
        if (raced)
          throw new RegistryError('conflict', 'the server changed concurrently too often; try again');
        throw error;
      }
    }
  }

  /**
   * The entry the write is about: the one named `name`, or, for a mirror that knows the entry's id,
   * the entry with that id under whatever name it holds now (its upstream renamed it).
   */
  private async load(name: string, options: WriteOptions): Promise<ServerEntryState | undefined> {
    const named = await this.entries.loadByName(name);
    if (named !== undefined || options.streamId === undefined) return named;
    return this.entries.load(options.streamId);
  }

  /** Whether the log holds events of `state`'s entry past it (another process appended). */
  private async changedSince(state: ServerEntryState): Promise<boolean> {
    const fresh = await this.entries.load(state.entryId);
    return fresh !== undefined && fresh.streamVersion !== state.streamVersion;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface WriteOptions {
  lenientRemoteClaims?: boolean;
  streamId?: string;
}

/** The state the events would produce, to derive the claims before appending. */
function preview(
  state: ServerEntryState | undefined,
  streamId: string,
  events: PendingEvent[],
): ServerEntryState {
  const first = (state?.streamVersion ?? 0) + 1;
  const envelopes = events.map((e, k): EventEnvelope => ({
    ...e,
    streamId,
    streamVersion: first + k,
    position: 0,
  }));
  const next = applyEvents(state, envelopes);
  if (next === undefined) throw new Error('a write must decide at least one event');
  return next;
}

function claimsFor(
  before: ServerEntryState | undefined,
  after: ServerEntryState,
  lenient: boolean,
): ClaimChange[] {
  const claims: ClaimChange[] = [];
  if (before === undefined) claims.push({ op: 'claim', scope: 'name', key: after.name });
  else if (before.name !== after.name) {
    // A rename: the old name is free for anyone from this append on, the new one this entry's.
    claims.push({ op: 'release', scope: 'name', key: before.name });
    claims.push({ op: 'claim', scope: 'name', key: after.name });
  }
  const had = activeRemoteUrls(before);
  const has = activeRemoteUrls(after);
  for (const url of has)
    if (!had.has(url))
      claims.push({ op: lenient ? 'claim-if-free' : 'claim', scope: 'remote-url', key: url });
  for (const url of had) if (!has.has(url)) claims.push({ op: 'release', scope: 'remote-url', key: url });
  return claims;
}
