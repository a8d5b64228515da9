import { ServerJson, ServerStatus } from '../server-json/server-json';
import { compareVersions } from '../versioning';
import { RegistryError, invalid, notFound } from './registry-errors';
import {
  Actor,
  EVENT_SCHEMA_VERSION,
  PendingEvent,
  PublishOrigin,
  NamespaceStanding,
  RegistryEventData,
  RegistryEventType,
  VersionPublished,
} from './registry-events';
import { MAX_VERSIONS_PER_SERVER, ServerEntryState, VersionState, pickLatest } from './server-entry';
import { ENTRY_MESSAGES } from './entry-messages';

/** What a decision may not get for itself: the clock, new identifiers and the actor. */
export interface DecisionContext {
  now: Date;
  newId: () => string;
  actor: Actor;
}

/**
 * A decided event of any stream: its id, time and actor from the context. Keyed by the type literal,
 * so that each call's data is checked against its own event's shape.
 */
export function pendingEvent<T extends RegistryEventType>(
  ctx: DecisionContext,
  type: T,
  data: RegistryEventData[T],
): PendingEvent {
  return {
    eventId: ctx.newId(),
    type,
    occurredAt: ctx.now.toISOString(),
    actor: ctx.actor,
    schemaVersion: EVENT_SCHEMA_VERSION[type],
    data,
  };
}

/**
 * The time a change of the entry is stamped with: now, or, when the entry already holds a stamp that
 * late (a change decided within the same millisecond, here or in another process of the fleet, or a
 * clock behind another's), the first millisecond after it. Stamps keep today's format (milliseconds,
 * `toISOString`); the official registry keeps microseconds, so two publishes there practically never
 * tie, and a tie would keep the older of two non-semver versions latest. Decisions run on the
 * entry's state as its stream holds it (an append with a stale state fails and is decided again),
 * so the stamps of one entry strictly increase in the order its changes are appended.
 */
export function entryStamp(state: ServerEntryState | undefined, now: Date): string {
  const afterNewest = Math.floor((state?.newestStampMicros ?? 0) / 1000) + 1;
  return new Date(Math.max(now.getTime(), afterNewest)).toISOString();
}

export interface PublishDecisionInput {
  /** The server.json, already validated and with `_meta` reduced to what is kept. */
  server: ServerJson;
  origin: PublishOrigin;
  /** For imports: the source registry's metadata, kept so a mirror shows what its source showed. */
  sourceMeta?: {
    status?: ServerStatus;
    statusMessage?: string;
    publishedAt?: string;
    updatedAt?: string;
    statusChangedAt?: string;
  };
  warnings?: string[];
}

/** Decides the events of one publish; `state` is undefined for a name the registry has not seen. */
export function decidePublish(
  state: ServerEntryState | undefined,
  input: PublishDecisionInput,
  ctx: DecisionContext,
): PendingEvent[] {
  const { server } = input;
  const events: PendingEvent[] = [];
  if (state === undefined) {
    events.push(pendingEvent(ctx, 'server.entry.created', { name: server.name }));
  } else {
    // The official order: the version count first, then the duplicate (deleted versions count for both).
    if (state.versions.size >= MAX_VERSIONS_PER_SERVER) throw invalid(ENTRY_MESSAGES.maxVersions);
    if (state.versions.has(server.version))
      throw invalid(ENTRY_MESSAGES.duplicateVersion(server.name, server.version));
  }
  const src = input.sourceMeta ?? {};
  // An import keeps its source's time; a publish (or an import without one) is stamped by the entry.
  const publishedAt = src.publishedAt ?? entryStamp(state, ctx.now);
  const status = src.status ?? 'active';
  const published: VersionPublished['data'] = {
    versionId: ctx.newId(),
    version: server.version,
    server,
    publishedAt,
    status,
    ...(src.statusMessage !== undefined ? { statusMessage: src.statusMessage } : {}),
    statusChangedAt: src.statusChangedAt ?? publishedAt,
    updatedAt: src.updatedAt ?? publishedAt,
    origin: input.origin,
    ...(input.warnings !== undefined && input.warnings.length > 0 ? { warnings: input.warnings } : {}),
  };
  events.push(pendingEvent(ctx, 'server.version.published', published));

  // The official rule: a new version becomes latest when it beats the current latest; the other
  // versions are not re-ranked. An import of a deleted version re-ranks like a status change.
  const current = state?.latest != null ? state.versions.get(state.latest) : undefined;
  let nextLatest: string | null = state?.latest ?? null;
  if (status === 'deleted') {
    const all: VersionState[] = [...(state?.versions.values() ?? []), toVersionState(published)];
    nextLatest = pickLatest(all);
  } else if (
    current === undefined ||
    compareVersions(server.version, current.version, publishedAt, current.publishedAt) > 0
  ) {
    nextLatest = server.version;
  }
  if (nextLatest !== (state?.latest ?? null)) {
    events.push(
      pendingEvent(ctx, 'server.latest-version.changed', {
        previous: state?.latest ?? null,
        current: nextLatest,
      }),
    );
  }
  return events;
}

function toVersionState(d: VersionPublished['data']): VersionState {
  return {
    versionId: d.versionId,
    version: d.version,
    server: d.server,
    status: d.status,
    statusChangedAt: d.statusChangedAt,
    publishedAt: d.publishedAt,
    updatedAt: d.updatedAt,
  };
}

export interface StatusChangeInput {
  /** One version, or every version of the entry. */
  version: string | { all: true };
  status: ServerStatus;
  /** Present (even empty) when the request carried one; absent clears the stored message. */
  statusMessage?: string;
}

/** Whether applying the change to `v` would change anything (the official per-version check). */
function statusChangeRefusal(v: VersionState, input: StatusChangeInput): string | undefined {
  if (input.status === 'active' && input.statusMessage !== undefined) return ENTRY_MESSAGES.activeWithMessage;
  if (v.status === input.status && v.statusMessage === input.statusMessage)
    return ENTRY_MESSAGES.noChangesVersion;
  return undefined;
}

/**
 * Decides a status change of one version or of all versions, and the latest flag that follows.
 * For all versions, only those the change affects get an event; none affected is a refusal.
 */
export function decideStatusChange(
  state: ServerEntryState,
  input: StatusChangeInput,
  ctx: DecisionContext,
): PendingEvent[] {
  let targets: VersionState[];
  if (typeof input.version === 'string') {
    const v = state.versions.get(input.version);
    if (v === undefined) throw notFound(ENTRY_MESSAGES.versionNotFound);
    const refusal = statusChangeRefusal(v, input);
    if (refusal !== undefined) throw invalid(refusal);
    targets = [v];
  } else {
    targets = [...state.versions.values()].filter((v) => statusChangeRefusal(v, input) === undefined);
    if (targets.length === 0) throw invalid(ENTRY_MESSAGES.noChangesAll);
  }
  // After every stamp of the entry, so that updatedAt never goes back (updated_since readers).
  const now = entryStamp(state, ctx.now);
  const events: PendingEvent[] = [];
  const after = new Map(state.versions);
  for (const v of targets) {
    events.push(
      pendingEvent(ctx, 'server.version.status-changed', {
        version: v.version,
        status: input.status,
        ...(input.statusMessage !== undefined ? { statusMessage: input.statusMessage } : {}),
        changedAt: now,
      }),
    );
    after.set(v.version, { ...v, status: input.status });
  }
  const latest = pickLatest(after.values());
  if (latest !== state.latest) {
    events.push(
      pendingEvent(ctx, 'server.latest-version.changed', { previous: state.latest, current: latest }),
    );
  }
  return events;
}

/** Decides an admin edit of one version's server.json (name and version must stay the same). */
export function decideEdit(
  state: ServerEntryState,
  version: string,
  server: ServerJson,
  ctx: DecisionContext,
): PendingEvent[] {
  // Deleted versions must be restored before they can be edited.
  const current = state.versions.get(version);
  if (current === undefined || current.status === 'deleted') throw notFound(ENTRY_MESSAGES.serverNotFound);
  if (server.name !== state.name) throw invalid(ENTRY_MESSAGES.editRename);
  if (server.version !== version) throw invalid(ENTRY_MESSAGES.editVersionMismatch);
  return [
    pendingEvent(ctx, 'server.version.edited', { version, server, editedAt: entryStamp(state, ctx.now) }),
  ];
}

export { RegistryError };

/**
 * Records a package-ownership re-check. Only a change of outcome (or of the failures) is an event:
 * the verifier checks every latest version on a schedule, and an unchanged result is not news.
 */
export function decideOwnershipCheck(
  state: ServerEntryState,
  input: { version: string; outcome: 'verified' | 'failed'; failures: string[] },
  ctx: DecisionContext,
): PendingEvent[] {
  const v = state.versions.get(input.version);
  if (v === undefined) throw notFound(ENTRY_MESSAGES.versionNotFound);
  const previous = v.packageOwnership;
  if (
    previous !== undefined &&
    previous.status === input.outcome &&
    JSON.stringify(previous.failures ?? []) === JSON.stringify(input.failures)
  ) {
    return [];
  }
  return [
    pendingEvent(ctx, 'server.version.ownership-checked', {
      version: input.version,
      outcome: input.outcome,
      failures: input.failures,
      checkedAt: ctx.now.toISOString(),
    }),
  ];
}

/**
 * Records where the entry's namespace stands with the namespace claims. Only a change is an event:
 * the verifier reconciles every covered entry on each sweep, and an unchanged standing is not news.
 */
export function decideNamespaceStanding(
  state: ServerEntryState | undefined,
  standing: NamespaceStanding | undefined,
  ctx: DecisionContext,
): PendingEvent[] {
  if (sameStanding(state?.standing, standing)) return [];
  return [
    pendingEvent(ctx, 'server.namespace-standing-changed', {
      standing: standing ?? null,
      changedAt: ctx.now.toISOString(),
    }),
  ];
}

function sameStanding(a: NamespaceStanding | undefined, b: NamespaceStanding | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.claimId === b.claimId &&
    a.namespace === b.namespace &&
    a.method === b.method &&
    a.status === b.status &&
    a.since === b.since
  );
}
