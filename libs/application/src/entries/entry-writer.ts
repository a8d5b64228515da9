import { Inject, Injectable } from '@nestjs/common';
import {
  ENTRY_MESSAGES,
  EventEnvelope,
  PendingEvent,
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

const MAX_ATTEMPTS = 8;

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly entries: EntryRepository,
  ) {}

  /**
   * @param name the server name the write is about
   * @param decide returns the events to append, or throws a RegistryError; called again after a race
   * @param createIfMissing whether a name with no entry starts a new one (publish) or is not found
   */
  async write(
    name: string,
    decide: (state: ServerEntryState | undefined) => PendingEvent[],
    createIfMissing: boolean,
    options: { lenientRemoteClaims?: boolean; streamId?: string } = {},
  ): Promise<EntryWrite> {
    for (let attempt = 1; ; attempt++) {
      // First from the cache as it is: an append made with a stale state fails on its expected
      // version, and the next attempt reads the stream. Only an answer given without appending (a
      // refusal, nothing to change) must first make sure the state was current.
      const cached = attempt === 1 ? this.entries.cachedByName(name) : undefined;
      const before = cached ?? (await this.entries.loadByName(name));
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
        const raced =
          error instanceof ConcurrencyConflict || (error instanceof ClaimConflict && error.scope === 'name');
        if (raced && attempt < MAX_ATTEMPTS) continue;
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

  /** Whether the log holds events of `state`'s entry past it (another process appended). */
  private async changedSince(state: ServerEntryState): Promise<boolean> {
    const fresh = await this.entries.load(state.entryId);
    return fresh !== undefined && fresh.streamVersion !== state.streamVersion;
  }
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
  const had = activeRemoteUrls(before);
  const has = activeRemoteUrls(after);
  for (const url of has)
    if (!had.has(url))
      claims.push({ op: lenient ? 'claim-if-free' : 'claim', scope: 'remote-url', key: url });
  for (const url of had) if (!has.has(url)) claims.push({ op: 'release', scope: 'remote-url', key: url });
  return claims;
}
