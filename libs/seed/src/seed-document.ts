/**
 * The shapes an import source may have, recognised from the content rather than the file name or URL:
 * a JSON array (of server.json documents, of ServerResponse `{server, _meta}` objects, or mixed), or a
 * registry list page `{servers: [...], metadata: {nextCursor}}` as `/v0/servers` and `/v0.1/servers` serve.
 */
import { SeedEntry } from '@registry/application/registry-operations';
import { OFFICIAL_META_KEY, OfficialMeta } from '@registry/domain/server-json/server-json';
import { SeedSourceError } from './seed-source-error';

export interface SeedPage {
  elements: unknown[];
  /** Present only on a list page that has more pages after it. */
  nextCursor?: string;
  /** True for a list page, false for a plain array. */
  paged: boolean;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isObject(value)) {
    const keys = Object.keys(value).slice(0, 5);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
  }
  return `a ${typeof value}`;
}

export function seedPageOf(source: string, document: unknown): SeedPage {
  if (Array.isArray(document)) return { elements: document, paged: false };
  if (isObject(document) && Array.isArray(document.servers)) {
    const metadata = isObject(document.metadata) ? document.metadata : {};
    // `next_cursor` is what the official API called it before 2025-09; old exports still carry it.
    const next = metadata.nextCursor ?? metadata.next_cursor;
    return typeof next === 'string' && next !== ''
      ? { elements: document.servers, nextCursor: next, paged: true }
      : { elements: document.servers, paged: true };
  }
  throw new SeedSourceError(
    source,
    'not-a-list',
    `expected a JSON array of server.json or {server, _meta} objects, or a registry list page ` +
      `{servers, metadata}; got ${describe(document)}`,
  );
}

/**
 * One element of a source as the importer takes it. Elements that are not objects are passed on
 * unchanged so that the importer reports them as skipped with its own reason, instead of the whole
 * source failing for one bad element.
 */
export function seedEntryOf(element: unknown): SeedEntry {
  if (!isObject(element)) return { server: element };
  if (isObject(element.server) && typeof element.name !== 'string') {
    const official = officialOf(element._meta);
    return official ? { server: element.server, official } : { server: element.server };
  }
  // A bare server.json. Exports from before the ServerResponse wrapper kept the registry's metadata
  // inside the document's own `_meta`; it is the source registry's record, not publisher content, so
  // it moves to `official` and leaves the server.json as a publisher would have sent it.
  const official = officialOf(element._meta);
  if (!official || !isObject(element._meta)) return { server: element };
  const rest = Object.fromEntries(Object.entries(element._meta).filter(([key]) => key !== OFFICIAL_META_KEY));
  const server: JsonObject = { ...element };
  if (Object.keys(rest).length === 0) delete server._meta;
  else server._meta = rest;
  return { server, official };
}

function officialOf(meta: unknown): Partial<OfficialMeta> | undefined {
  if (!isObject(meta)) return undefined;
  const official = meta[OFFICIAL_META_KEY];
  // Field types are the importer's to check: it decides what a malformed record means for the entry.
  return isObject(official) ? (official as Partial<OfficialMeta>) : undefined;
}
