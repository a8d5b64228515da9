import { ServerJson, ServerStatus } from '../server-json/server-json';
import { DecisionContext, pendingEvent } from './entry-decisions';
import {
  OwnershipChecked,
  PendingEvent,
  RegistryEventData,
  ServerEntryEvent,
  VersionPublished,
  VersionStatusChanged,
} from './registry-events';
import { PackageOwnership, ServerEntryState, VersionState, applyEvents, pickLatest } from './server-entry';
import { rfc3339ToMicros } from './server-response';

/**
 * One version as an upstream registry answered it (a ServerResponse): its server.json, the official
 * metadata, and, when the upstream is one of ours, the entry's identity and ownership check.
 */
export interface MirroredVersion {
  server: ServerJson;
  status: ServerStatus;
  statusMessage?: string;
  statusChangedAt: string;
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
  serverId?: string;
  versionId?: string;
  packageOwnership?: PackageOwnership;
  /** The upstream change's sequence, when read from a change feed (several versions may share one). */
  upstreamSequence?: number;
}

/**
 * How the latest flag follows the upstream. `exact`: only an upstream answer that flags a version
 * moves it (a change feed shows every move, including the flag leaving a version). `derive`: also,
 * when the upstream no longer flags the version this mirror has as latest, recompute it by the
 * registry's own rule, because `updated_since` polling never shows the previous latest losing the
 * flag (the official registry does not touch its updated_at then).
 */
export type MirrorLatestRule = 'exact' | 'derive';

/**
 * Decides the events that make the entry hold `upstream`'s version exactly as the upstream has it:
 * its identifiers, timestamps, status, server.json and latest flag. Nothing when it already does, so
 * a change applied twice (a restart, an overlap between polls) changes nothing the second time.
 */
export function decideMirror(
  state: ServerEntryState | undefined,
  upstream: MirroredVersion,
  ctx: DecisionContext,
  rule: MirrorLatestRule,
): PendingEvent[] {
  // Read again after a kill: the entry already holds a later change of the upstream.
  const sequence = upstream.upstreamSequence;
  if (sequence !== undefined && state?.mirroredThrough !== undefined && sequence < state.mirroredThrough)
    return [];
  const events: PendingEvent[] = [];
  const add = <T extends ServerEntryEvent['type']>(type: T, data: RegistryEventData[T]) =>
    events.push(
      pendingEvent(
        ctx,
        type,
        sequence !== undefined && type !== 'server.entry.created'
          ? { ...data, upstreamSequence: sequence }
          : data,
      ),
    );
  const { server } = upstream;
  // An answer from before a rename the mirror already applied (a poll's page read before the
  // upstream renamed): the entry holds a newer stamp (the rename's) than the answer's updatedAt.
  if (
    state !== undefined &&
    state.name !== server.name &&
    rfc3339ToMicros(upstream.updatedAt) <= state.newestStampMicros
  )
    return [];
  if (state === undefined) add('server.entry.created', { name: server.name });
  // The same entry (serverId) under another name: the upstream renamed it, and so does the mirror,
  // moving every version at once rather than starting a second entry. The versions take the
  // upstream's updatedAt (the upstream's rename stamped them all with it).
  const entry =
    state !== undefined && state.name !== server.name
      ? renamedEntry(state, server.name, upstream.updatedAt, add, events)
      : state;
  const known = entry?.versions.get(server.version);
  if (known === undefined) {
    const published: VersionPublished['data'] = {
      versionId: upstream.versionId ?? ctx.newId(),
      version: server.version,
      server,
      publishedAt: upstream.publishedAt,
      status: upstream.status,
      ...(upstream.statusMessage !== undefined ? { statusMessage: upstream.statusMessage } : {}),
      statusChangedAt: upstream.statusChangedAt,
      updatedAt: upstream.updatedAt,
      origin: 'mirror',
    };
    add('server.version.published', published);
  } else {
    const edited = JSON.stringify(known.server) !== JSON.stringify(server);
    if (edited) {
      add('server.version.edited', { version: server.version, server, editedAt: upstream.updatedAt });
    }
    // A status change, or a restatement of the upstream's times when they moved for a reason this
    // mirror cannot see: polling misses a status that came and went between two polls (deleted, then
    // restored), and the upstream's updatedAt moves on changes it does not show (the edit above,
    // when there is one, carries the updatedAt already).
    const statusMoved = known.status !== upstream.status || known.statusMessage !== upstream.statusMessage;
    const timesMoved =
      known.statusChangedAt !== upstream.statusChangedAt ||
      (!edited && known.updatedAt !== upstream.updatedAt);
    if (statusMoved || timesMoved) {
      const changed: VersionStatusChanged['data'] = {
        version: server.version,
        status: upstream.status,
        ...(upstream.statusMessage !== undefined ? { statusMessage: upstream.statusMessage } : {}),
        changedAt: upstream.statusChangedAt,
        updatedAt: upstream.updatedAt,
        statusChangedAt: upstream.statusChangedAt,
      };
      add('server.version.status-changed', changed);
    }
  }
  const ownership = upstream.packageOwnership;
  if (ownership !== undefined && JSON.stringify(ownership) !== JSON.stringify(known?.packageOwnership)) {
    const checked: OwnershipChecked['data'] = {
      version: server.version,
      outcome: ownership.status,
      failures: ownership.failures ?? [],
      checkedAt: ownership.checkedAt,
    };
    add('server.version.ownership-checked', checked);
  }
  const current = state?.latest ?? null;
  let latest = current;
  if (upstream.isLatest) latest = server.version;
  else if (rule === 'derive' && current === server.version) {
    latest = pickLatest(versionsAfter(state, server.version, events));
  }
  if (latest !== current) add('server.latest-version.changed', { previous: current, current: latest });
  return events;
}

/** Adds the rename of `state` to `name`, and returns the entry as the events so far leave it. */
function renamedEntry(
  state: ServerEntryState,
  name: string,
  renamedAt: string,
  add: (type: 'server.renamed', data: RegistryEventData['server.renamed']) => void,
  events: PendingEvent[],
): ServerEntryState {
  add('server.renamed', { previousName: state.name, name, renamedAt });
  return applyPending(state, events);
}

/** `state` with decided (not yet stored) events applied, as the store will number them. */
function applyPending(state: ServerEntryState, events: PendingEvent[]): ServerEntryState {
  const envelopes = events.map((e, k) => ({
    ...e,
    streamId: state.entryId,
    streamVersion: state.streamVersion + 1 + k,
    position: 0,
  }));
  return applyEvents(state, envelopes) ?? state;
}

/** The entry's versions once `events` (which do not move the latest flag) are applied. */
function versionsAfter(
  state: ServerEntryState | undefined,
  version: string,
  events: PendingEvent[],
): Iterable<VersionState> {
  if (state === undefined) return [];
  const after = applyPending(state, events);
  return after.versions.has(version) ? after.versions.values() : state.versions.values();
}
