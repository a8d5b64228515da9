import type { MirroredVersion, PackageOwnership } from '@registry/domain/entry';
import { OFFICIAL_META_KEY, ServerJson, ServerStatus } from '@registry/domain/server-json/server-json';

const STATUSES: readonly string[] = ['active', 'deprecated', 'deleted'];

/**
 * Reads one ServerResponse of an upstream registry: the server.json, the official metadata, and,
 * from a registry like this one, the entry's identity under its `<namespace>/entry` key. Throws on
 * an answer that is not a ServerResponse, so a broken upstream stops the mirror loudly instead of
 * feeding it half an entry.
 */
export function mirroredVersionOf(response: unknown, entryMetaKey?: string): MirroredVersion {
  const doc = response as { server?: ServerJson; _meta?: Record<string, unknown> };
  const server = doc?.server;
  if (typeof server?.name !== 'string' || typeof server.version !== 'string') {
    throw new Error('the upstream answered an item without server.name and server.version');
  }
  const official = doc._meta?.[OFFICIAL_META_KEY] as
    | {
        status?: string;
        statusMessage?: string;
        statusChangedAt?: string;
        publishedAt?: string;
        updatedAt?: string;
        isLatest?: boolean;
      }
    | undefined;
  if (official === undefined || typeof official.publishedAt !== 'string') {
    throw new Error(
      `${server.name}@${server.version}: the upstream answered no ${OFFICIAL_META_KEY} metadata`,
    );
  }
  const status = (STATUSES.includes(official.status ?? '') ? official.status : 'active') as ServerStatus;
  const entry = entryMetaOf(doc._meta ?? {}, entryMetaKey);
  return {
    server,
    status,
    ...(typeof official.statusMessage === 'string' ? { statusMessage: official.statusMessage } : {}),
    statusChangedAt: official.statusChangedAt ?? official.publishedAt,
    publishedAt: official.publishedAt,
    updatedAt: official.updatedAt ?? official.publishedAt,
    isLatest: official.isLatest === true,
    ...entry,
  };
}

function entryMetaOf(
  meta: Record<string, unknown>,
  key: string | undefined,
): { serverId?: string; versionId?: string; packageOwnership?: PackageOwnership } {
  // Without the upstream's namespace (a poll of a registry with no card), any `<ns>/entry` key will do.
  const found = key !== undefined ? meta[key] : Object.entries(meta).find(([k]) => k.endsWith('/entry'))?.[1];
  const entry = found as
    { serverId?: unknown; versionId?: unknown; packageOwnership?: PackageOwnership } | undefined;
  if (entry === undefined || entry === null) return {};
  return {
    ...(typeof entry.serverId === 'string' ? { serverId: entry.serverId } : {}),
    ...(typeof entry.versionId === 'string' ? { versionId: entry.versionId } : {}),
    ...(entry.packageOwnership !== undefined ? { packageOwnership: entry.packageOwnership } : {}),
  };
}
