import { OFFICIAL_META_KEY, OfficialMeta } from '../server-json/server-json';
import type { PackageOwnership } from './server-entry';
import type { NamespaceStanding } from './registry-events';

/** What the registry says about a version under its own `_meta` key. */
export interface EntryMeta {
  serverId: string;
  versionId: string;
  packageOwnership?: PackageOwnership;
  /** The namespace claim that speaks for the entry's namespace, and how it stands. */
  namespace?: NamespaceStanding;
}

/** The registry's own `_meta` key (beyond the official): `<namespace>/entry` = {serverId, versionId}. */
export function entryMetaKey(metaNamespace: string): string {
  return `${metaNamespace}/entry`;
}

/** A rendered response starts with this, then the server.json text. */
const SERVER_PREFIX = '{"server":';
/** And the server.json text ends where this begins. */
const OFFICIAL_META_START = `,"_meta":{${JSON.stringify(OFFICIAL_META_KEY)}:`;

/**
 * Renders one ServerResponse as JSON text from the stored server.json text, so that reads assemble
 * pages from strings instead of serialising objects per request. Key order follows the official
 * registry: status, statusChangedAt, statusMessage, publishedAt, updatedAt, isLatest.
 */
export function renderServerResponse(
  serverJson: string,
  official: OfficialMeta,
  entry: EntryMeta,
  metaNamespace: string,
): string {
  const meta: OfficialMeta = {
    status: official.status,
    statusChangedAt: official.statusChangedAt,
    ...(official.statusMessage !== undefined ? { statusMessage: official.statusMessage } : {}),
    publishedAt: official.publishedAt,
    updatedAt: official.updatedAt,
    isLatest: official.isLatest,
  };
  return (
    `${SERVER_PREFIX}${serverJson}${OFFICIAL_META_START}${JSON.stringify(meta)},` +
    `${JSON.stringify(entryMetaKey(metaNamespace))}:${JSON.stringify(entry)}}}`
  );
}

/**
 * The server.json text a rendered response embeds (renderServerResponse's inverse for it). Text in
 * JSON strings has its quotes escaped, and the official `_meta` comes after the whole server.json,
 * so the last unescaped `,"_meta":{"<official key>":` is where the server.json ends.
 */
export function serverJsonOfResponse(response: string): string {
  const end = response.lastIndexOf(OFFICIAL_META_START);
  if (!response.startsWith(SERVER_PREFIX) || end < 0) throw new Error('not a rendered server response');
  return response.slice(SERVER_PREFIX.length, end);
}

/**
 * RFC 3339 timestamp to microseconds since the epoch, keeping sub-millisecond digits that Date drops
 * (the official registry writes nanoseconds). Returns NaN when the text is not RFC 3339.
 */
export function rfc3339ToMicros(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return NaN;
  const seconds = Date.parse(`${m[1]}${m[3]!.toUpperCase()}`);
  if (Number.isNaN(seconds)) return NaN;
  const fraction = (m[2] ?? '').padEnd(6, '0').slice(0, 6);
  return seconds * 1000 + Number(fraction);
}
