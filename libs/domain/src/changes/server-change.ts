import {
  EntryRenamed,
  EventEnvelope,
  LatestVersionChanged,
  isServerEntryEventType,
} from '../entry/registry-events';
import type { NamespaceClaimStatusChanged } from '../namespace/namespace-events';
import { ServerEntryState } from '../entry/server-entry';
import { renderServerResponse } from '../entry/server-response';
import { FEED_CHANGE_TYPES, FeedChangeType } from '../subscription/subscription-events';

/**
 * One committed change of a server as sub-registries receive it (the change feed's items and the
 * webhooks' bodies): `{"type","timestamp","data"}`, as JSON text, so that a page or a signature is
 * assembled from the very bytes rendered here.
 */
export interface ServerChange {
  type: FeedChangeType;
  /** The version the change concerns; absent for `server.latest-version.changed` and `server.renamed`. */
  version?: string;
  /** For `server.renamed`: the name the entry had (subscriptions to either name receive the change). */
  previousName?: string;
  json: string;
}

const CHANGE_TYPES: ReadonlySet<string> = new Set(FEED_CHANGE_TYPES);

/** Whether an event of the log is a change sub-registries see (not an entry's creation, nor a subscription's). */
export function isFeedChangeType(type: string): type is FeedChangeType {
  return CHANGE_TYPES.has(type);
}

/**
 * A namespace claim's change of status, as sub-registries receive it: which namespace, its new
 * status and why. The claim's owner and its challenge stay out of the public feed. Its `name` (what
 * subscription name filters match) is `<namespace>/*`, so `io.github.me/*` receives its own
 * namespace's changes and `*` every one.
 */
export function renderNamespaceChange(event: EventEnvelope): { name: string; json: string } | undefined {
  if (event.type !== 'namespace.claim-status-changed') return undefined;
  const d = event.data as NamespaceClaimStatusChanged['data'];
  const data = {
    sequence: event.position,
    claimId: d.claimId,
    namespace: d.namespace,
    status: d.status,
    reason: d.reason,
    changedAt: d.changedAt,
    ...(d.graceEndsAt !== undefined ? { graceEndsAt: d.graceEndsAt } : {}),
  };
  return {
    name: `${d.namespace}/*`,
    json: JSON.stringify({ type: event.type, timestamp: event.occurredAt, data }),
  };
}

/**
 * A version's ServerResponse as the read model renders it from the same state (same function, same
 * inputs), so that a change carries the bytes `GET /servers/{name}/versions/{version}` answered.
 */
export function renderVersionResponse(
  state: ServerEntryState,
  version: string,
  metaNamespace: string,
): string {
  const v = state.versions.get(version);
  if (v === undefined) throw new Error(`entry ${state.name} (${state.entryId}) has no version ${version}`);
  return renderServerResponse(
    JSON.stringify(v.server),
    {
      status: v.status,
      statusChangedAt: v.statusChangedAt,
      ...(v.statusMessage !== undefined ? { statusMessage: v.statusMessage } : {}),
      publishedAt: v.publishedAt,
      updatedAt: v.updatedAt,
      isLatest: state.latest === version,
    },
    {
      serverId: state.entryId,
      versionId: v.versionId,
      ...(v.packageOwnership !== undefined ? { packageOwnership: v.packageOwnership } : {}),
      ...(state.standing !== undefined ? { namespace: state.standing } : {}),
    },
    metaNamespace,
  );
}

/**
 * Renders the change `event` made, from the entry's state right after it (the event applied, nothing
 * later): each ServerResponse is the version as it was at that moment. Undefined for events that are
 * no change a sub-registry sees.
 */
export function renderServerChange(
  state: ServerEntryState,
  event: EventEnvelope,
  metaNamespace: string,
): ServerChange | undefined {
  const type = event.type;
  if (!isFeedChangeType(type) || !isServerEntryEventType(type)) return undefined;
  if (state.entryId !== event.streamId || state.streamVersion !== event.streamVersion) {
    // A state from another moment would render another version of the truth: a caller's bug.
    throw new Error(
      `state of ${state.entryId}#${state.streamVersion} handed for event ${event.streamId}#${event.streamVersion}`,
    );
  }
  const head =
    `{"type":${JSON.stringify(type)},"timestamp":${JSON.stringify(event.occurredAt)},` +
    `"data":{"sequence":${event.position},"serverId":${JSON.stringify(state.entryId)},` +
    `"name":${JSON.stringify(state.name)},`;
  if (type === 'server.latest-version.changed') {
    const d = event.data as LatestVersionChanged['data'];
    const side = (version: string | null): string =>
      version === null ? 'null' : renderVersionResponse(state, version, metaNamespace);
    return { type, json: `${head}"previous":${side(d.previous)},"current":${side(d.current)}}}` };
  }
  if (type === 'server.renamed') {
    // Every version moved: a sub-registry applies the rename from this change alone.
    const d = event.data as EntryRenamed['data'];
    const servers = [...state.versions.keys()].map((v) => renderVersionResponse(state, v, metaNamespace));
    return {
      type,
      previousName: d.previousName,
      json: `${head}"previousName":${JSON.stringify(d.previousName)},"servers":[${servers.join(',')}]}}`,
    };
  }
  const version = versionOf(event);
  const server = renderVersionResponse(state, version, metaNamespace);
  return { type, version, json: `${head}"version":${JSON.stringify(version)},"server":${server}}}` };
}

/** The version a change of one version names (every change type but the latest flag's has one). */
function versionOf(event: EventEnvelope): string {
  const data = event.data as { version?: unknown };
  if (typeof data.version !== 'string') {
    throw new Error(`event ${event.type} at position ${event.position} names no version`);
  }
  return data.version;
}
