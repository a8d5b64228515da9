import { ServerJson, ServerStatus } from '../server-json/server-json';
import type { SubscriptionEvent } from '../subscription/subscription-events';
import type { UpstreamEvent } from '../upstream/upstream-events';
import type { NamespaceEvent } from '../namespace/namespace-events';

/** Set on the events a mirror writes from its upstream's change feed: the change's upstream sequence. */
export interface MirroredFrom {
  upstreamSequence?: number;
}

/** Who caused a change: the login method and subject of the registry token, or the system. */
export interface Actor {
  method: string;
  subject: string;
}

export const SYSTEM_ACTOR: Actor = { method: 'system', subject: 'registry' };

/** How a version entered the registry: a publish (all rules) or an import from another registry. */
export type PublishOrigin = 'publish' | 'import' | 'mirror';

export interface EntryCreated {
  type: 'server.entry.created';
  data: { name: string };
}

export interface VersionPublished {
  type: 'server.version.published';
  data: MirroredFrom & {
    versionId: string;
    version: string;
    server: ServerJson;
    publishedAt: string;
    status: ServerStatus;
    statusMessage?: string;
    statusChangedAt: string;
    /** When the source registry last changed this version (imports keep it); publishedAt otherwise. */
    updatedAt: string;
    origin: PublishOrigin;
    /** Rules today's publish would have refused, kept because an import must not lose entries. */
    warnings?: string[];
  };
}

export interface VersionStatusChanged {
  type: 'server.version.status-changed';
  data: MirroredFrom & {
    version: string;
    status: ServerStatus;
    statusMessage?: string;
    changedAt: string;
    /**
     * When the version's updatedAt differs from changedAt: a mirror keeps its upstream's, which moves
     * without statusChangedAt on a message-only change. Absent: changedAt, as for every local change.
     */
    updatedAt?: string;
    /**
     * Set explicitly by a mirror: polling may never see the intermediate status (deleted, then
     * restored between two polls), yet the upstream's statusChangedAt moved. Absent: changedAt when
     * the status changes, unchanged otherwise.
     */
    statusChangedAt?: string;
  };
}

export interface VersionEdited {
  type: 'server.version.edited';
  data: MirroredFrom & { version: string; server: ServerJson; editedAt: string };
}

/**
 * The version flagged latest moved. A separate event, so that a consumer sees the previous latest lose
 * the flag (the official registry's `updated_since` misses that change).
 */
export interface LatestVersionChanged {
  type: 'server.latest-version.changed';
  data: MirroredFrom & { previous: string | null; current: string | null };
}

/**
 * The verifier re-checked that a version's packages still point back at the server (npm mcpName,
 * PyPI/NuGet README, OCI label...). A failure flags the version; it does not change its status.
 */
export interface OwnershipChecked {
  type: 'server.version.ownership-checked';
  data: MirroredFrom & {
    version: string;
    outcome: 'verified' | 'failed';
    failures: string[];
    checkedAt: string;
  };
}

/**
 * Where the entry's namespace stands with the registry's namespace claims: the claim that speaks for
 * it (verified, in grace, or revoked) as of `since`, the claim's last change of status. Shown under the
 * registry's own `_meta` key of every version, so readers see a namespace that lost its proof.
 */
export interface NamespaceStanding {
  claimId: string;
  namespace: string;
  method: 'dns' | 'http' | 'github';
  status: 'verified' | 'grace' | 'revoked';
  since: string;
}

/**
 * The namespace standing of the entry changed (a claim was proven, lost its proof, or was released:
 * `standing` null). An event of the entry's own stream, so that every version's bytes stay a function
 * of the entry's events: the feed, replay and the read models render the same `_meta`.
 */
export interface NamespaceStandingChanged {
  type: 'server.namespace-standing-changed';
  data: { standing: NamespaceStanding | null; changedAt: string };
}

/**
 * The entry moved to another name (a rename, or a transfer to another namespace), with every version:
 * serverId and versionIds stay, each version's server.json `name` becomes `name`, and each version's
 * updatedAt becomes `renamedAt` (its server.json changed, so `updated_since` readers must see it).
 * One event, so the old name's claim is released and the new one taken in the same append.
 */
export interface EntryRenamed {
  type: 'server.renamed';
  data: MirroredFrom & { previousName: string; name: string; renamedAt: string };
}

/** The events of a server entry's stream. */
export type ServerEntryEvent =
  | EntryCreated
  | VersionPublished
  | VersionStatusChanged
  | VersionEdited
  | LatestVersionChanged
  | OwnershipChecked
  | NamespaceStandingChanged
  | EntryRenamed;
export type ServerEntryEventType = ServerEntryEvent['type'];

/** Every event of the log: server entries', the subscription and namespace registries' and a mirror's upstream stream. */
export type RegistryEvent = ServerEntryEvent | SubscriptionEvent | UpstreamEvent | NamespaceEvent;
export type RegistryEventType = RegistryEvent['type'];
/** Each event type's `data`, by type: a decision's data is checked against its own event's shape. */
export type RegistryEventData = { [E in RegistryEvent as E['type']]: E['data'] };

/** Whether an event belongs to a server entry's stream (projections of servers skip the others). */
export function isServerEntryEventType(type: string): type is ServerEntryEventType {
  return type.startsWith('server.');
}

/** Current schema version of each event type's `data`; bump it and add an upcaster when a shape changes. */
export const EVENT_SCHEMA_VERSION: Record<RegistryEventType, number> = {
  'server.entry.created': 1,
  'server.version.published': 1,
  'server.version.status-changed': 1,
  'server.version.edited': 1,
  'server.latest-version.changed': 1,
  'server.version.ownership-checked': 1,
  'server.namespace-standing-changed': 1,
  'server.renamed': 1,
  'subscription.created': 1,
  'subscription.updated': 1,
  'subscription.status-changed': 1,
  'subscription.secret-rotated': 1,
  'subscription.deleted': 1,
  'upstream.synced': 1,
  'upstream.failed': 1,
  'upstream.subscribed': 1,
  'namespace.claimed': 1,
  'namespace.claim-checked': 1,
  'namespace.claim-status-changed': 1,
  'namespace.claim-credentials-changed': 1,
  'namespace.claim-released': 1,
  'namespace.key-created': 1,
  'namespace.key-revoked': 1,
  'namespace.key-used': 1,
};

/** An event as stored: the envelope every port carries. */
export interface EventEnvelope<E extends RegistryEvent = RegistryEvent> {
  eventId: string;
  type: E['type'];
  streamId: string;
  streamVersion: number;
  position: number;
  occurredAt: string;
  actor: Actor;
  schemaVersion: number;
  data: E['data'];
}

/** An event decided but not yet appended: the store assigns stream version and position. */
export interface PendingEvent<E extends RegistryEvent = RegistryEvent> {
  eventId: string;
  type: E['type'];
  occurredAt: string;
  actor: Actor;
  schemaVersion: number;
  data: E['data'];
}
