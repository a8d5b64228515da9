import { ServerJson, ServerStatus } from '../server-json/server-json';
import { compareVersions } from '../versioning';
import { EventEnvelope, NamespaceStanding } from './registry-events';
import { rfc3339ToMicros } from './server-response';
import { renamedServer } from './renamed-server';

/** One version of a server entry, as the event log says it is now. */
export interface VersionState {
  versionId: string;
  version: string;
  server: ServerJson;
  status: ServerStatus;
  statusMessage?: string;
  statusChangedAt: string;
  publishedAt: string;
  updatedAt: string;
  /** The verifier's last package-ownership check of this version, if any. */
  packageOwnership?: PackageOwnership;
}

export interface PackageOwnership {
  status: 'verified' | 'failed';
  checkedAt: string;
  failures?: string[];
}

/** The server entry aggregate: one stream of events, keyed by the entry's stable UUID. */
export interface ServerEntryState {
  entryId: string;
  name: string;
  /** Number of events applied; the expected version of the next append. */
  streamVersion: number;
  versions: Map<string, VersionState>;
  latest: string | null;
  /**
   * On a mirror following a change feed: the highest upstream sequence applied to this entry. A
   * change read again after a kill (its position was not yet stored) is older than what the entry
   * holds, and is skipped instead of briefly restoring an outdated snapshot.
   */
  mirroredThrough?: number;
  /**
   * The newest time stamp any version of the entry carries (published, status changed, updated), in
   * microseconds since the epoch, 0 for none: the entry's next change is stamped after it, so that
   * two changes decided within one millisecond, in any process, still order (see `entryStamp`).
   */
  newestStampMicros: number;
  /** The namespace claim that speaks for the entry's namespace, if any (see NamespaceStanding). */
  standing?: NamespaceStanding;
}

export const MAX_VERSIONS_PER_SERVER = 10_000;

export function emptyEntry(entryId: string, name: string): ServerEntryState {
  return { entryId, name, streamVersion: 0, versions: new Map(), latest: null, newestStampMicros: 0 };
}

/** Applies one stored event; returns a new state (the input is not changed). */
export function applyEvent(state: ServerEntryState | undefined, event: EventEnvelope): ServerEntryState {
  return applyEvents(state, [event])!;
}

/**
 * Applies stored events in order; returns a new state (the input is not changed), or the input itself
 * when there are none. The versions map is copied once for the whole run, not once per event, so
 * folding a long stream costs its length, not its length squared.
 */
export function applyEvents(
  state: ServerEntryState | undefined,
  events: readonly EventEnvelope[],
): ServerEntryState | undefined {
  let next = state;
  // Whether `next` is a copy made here, which may be changed in place.
  let owned = false;
  for (const event of events) {
    if (event.type === 'server.entry.created') {
      const data = event.data as { name: string };
      next = { ...emptyEntry(event.streamId, data.name), streamVersion: event.streamVersion };
      owned = true;
      continue;
    }
    if (next === undefined) {
      throw new Error(
        `event ${event.type} at ${event.streamId}#${event.streamVersion} before the entry was created`,
      );
    }
    if (!owned) {
      next = { ...next, versions: new Map(next.versions) };
      owned = true;
    }
    next.streamVersion = event.streamVersion;
    applyInPlace(next, event);
    const sequence = (event.data as { upstreamSequence?: number }).upstreamSequence;
    if (sequence !== undefined && (next.mirroredThrough ?? 0) < sequence) next.mirroredThrough = sequence;
  }
  return next;
}

/** Changes `next` (a copy the caller owns) by one event other than the entry's creation. */
function applyInPlace(next: ServerEntryState, event: EventEnvelope): void {
  switch (event.type) {
    case 'server.version.published': {
      const d = event.data as import('./registry-events').VersionPublished['data'];
      next.versions.set(d.version, {
        versionId: d.versionId,
        version: d.version,
        server: d.server,
        status: d.status,
        ...(d.statusMessage !== undefined ? { statusMessage: d.statusMessage } : {}),
        statusChangedAt: d.statusChangedAt,
        publishedAt: d.publishedAt,
        updatedAt: d.updatedAt,
      });
      stamped(next, d.publishedAt, d.statusChangedAt, d.updatedAt);
      return;
    }
    case 'server.version.status-changed': {
      const d = event.data as import('./registry-events').VersionStatusChanged['data'];
      const v = requireVersion(next, d.version);
      const { statusMessage: _old, ...rest } = v;
      const times = statusChangeTimes(v.status, v.statusChangedAt, d);
      next.versions.set(d.version, {
        ...rest,
        status: d.status,
        ...(d.statusMessage !== undefined ? { statusMessage: d.statusMessage } : {}),
        ...times,
      });
      stamped(next, times.statusChangedAt, times.updatedAt);
      return;
    }
    case 'server.version.edited': {
      const d = event.data as import('./registry-events').VersionEdited['data'];
      const v = requireVersion(next, d.version);
      next.versions.set(d.version, { ...v, server: d.server, updatedAt: d.editedAt });
      stamped(next, d.editedAt);
      return;
    }
    case 'server.version.ownership-checked': {
      const d = event.data as import('./registry-events').OwnershipChecked['data'];
      const v = requireVersion(next, d.version);
      next.versions.set(d.version, { ...v, packageOwnership: ownershipOf(d) });
      return;
    }
    case 'server.latest-version.changed': {
      const d = event.data as import('./registry-events').LatestVersionChanged['data'];
      next.latest = d.current;
      return;
    }
    case 'server.namespace-standing-changed': {
      const d = event.data as import('./registry-events').NamespaceStandingChanged['data'];
      if (d.standing === null) delete next.standing;
      else next.standing = d.standing;
      return;
    }
    case 'server.renamed': {
      const d = event.data as import('./registry-events').EntryRenamed['data'];
      next.name = d.name;
      for (const [version, v] of next.versions) {
        next.versions.set(version, { ...v, server: renamedServer(v.server, d.name), updatedAt: d.renamedAt });
      }
      stamped(next, d.renamedAt);
      return;
    }
    default:
      throw new Error(`unknown event type ${(event as { type: string }).type}`);
  }
}

/**
 * The times a status change leaves a version with, for the entry and for every read model.
 * statusChangedAt moves only when the status itself changes (a new message alone does not), unless
 * the event names it (a mirror keeps its upstream's); updatedAt is the change's time unless named.
 */
export function statusChangeTimes(
  status: string,
  statusChangedAt: string,
  d: import('./registry-events').VersionStatusChanged['data'],
): { statusChangedAt: string; updatedAt: string } {
  return {
    statusChangedAt: d.statusChangedAt ?? (d.status !== status ? d.changedAt : statusChangedAt),
    updatedAt: d.updatedAt ?? d.changedAt,
  };
}

export function ownershipOf(d: import('./registry-events').OwnershipChecked['data']): PackageOwnership {
  return {
    status: d.outcome,
    checkedAt: d.checkedAt,
    ...(d.failures.length > 0 ? { failures: d.failures } : {}),
  };
}

/** Raises the entry's newest stamp to the given times (an unreadable one, from an import, is skipped). */
function stamped(next: ServerEntryState, ...times: string[]): void {
  for (const time of times) {
    const micros = rfc3339ToMicros(time);
    if (micros > next.newestStampMicros) next.newestStampMicros = micros;
  }
}

function requireVersion(state: ServerEntryState, version: string): VersionState {
  const v = state.versions.get(version);
  if (v === undefined) throw new Error(`event for unknown version ${state.name}@${version}`);
  return v;
}

/**
 * The version that should carry the latest flag: the highest non-deleted version by the official
 * ordering, or, when every version is deleted, the highest deleted one (so the entry stays addressable).
 */
export function pickLatest(versions: Iterable<VersionState>): string | null {
  let winner: VersionState | undefined;
  let winnerDeleted: VersionState | undefined;
  for (const v of versions) {
    if (v.status === 'deleted') {
      if (winnerDeleted === undefined || beats(v, winnerDeleted)) winnerDeleted = v;
    } else if (winner === undefined || beats(v, winner)) {
      winner = v;
    }
  }
  return (winner ?? winnerDeleted)?.version ?? null;
}

function beats(candidate: VersionState, current: VersionState): boolean {
  return compareVersions(candidate.version, current.version, candidate.publishedAt, current.publishedAt) > 0;
}

/** Remote URLs held by the entry's non-deleted versions (one non-deleted server per remote URL). */
export function activeRemoteUrls(state: ServerEntryState | undefined): Set<string> {
  const urls = new Set<string>();
  if (state === undefined) return urls;
  for (const v of state.versions.values()) {
    if (v.status === 'deleted') continue;
    for (const remote of v.server.remotes ?? []) {
      if (typeof remote?.url === 'string') urls.add(remote.url);
    }
  }
  return urls;
}
