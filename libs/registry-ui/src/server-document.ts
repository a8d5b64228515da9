/**
 * Readers of the public API's JSON. Everything in a server.json is publisher input, and a registry
 * keeps entries that today's rules would refuse (imports, mirrors): each reader takes `unknown` and
 * answers only what has the expected type, so a malformed entry renders with gaps instead of failing.
 */

export type Json = Record<string, unknown>;

export const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** One `ServerResponse`: the server.json and the registry's `_meta` beside it. */
export interface ServerDocument {
  server: Json;
  meta: Json;
  name: string;
  version: string;
  title?: string;
  description?: string;
  official: OfficialMeta;
}

/** The official registry's lifecycle metadata of a version. */
export interface OfficialMeta {
  status?: string;
  statusMessage?: string;
  publishedAt?: string;
  updatedAt?: string;
  isLatest?: boolean;
}

export function serverDocument(value: unknown): ServerDocument | undefined {
  if (!isObject(value) || !isObject(value.server)) return undefined;
  const server = value.server;
  const name = text(server.name);
  if (name === undefined) return undefined;
  const meta = isObject(value._meta) ? value._meta : {};
  const official = isObject(meta[OFFICIAL_META_KEY]) ? meta[OFFICIAL_META_KEY] : {};
  const title = text(server.title);
  const description = text(server.description);
  return {
    server,
    meta,
    name,
    version: text(server.version) ?? '',
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    official: {
      ...(text(official.status) !== undefined ? { status: text(official.status) } : {}),
      ...(text(official.statusMessage) !== undefined ? { statusMessage: text(official.statusMessage) } : {}),
      ...(text(official.publishedAt) !== undefined ? { publishedAt: text(official.publishedAt) } : {}),
      ...(text(official.updatedAt) !== undefined ? { updatedAt: text(official.updatedAt) } : {}),
      ...(typeof official.isLatest === 'boolean' ? { isLatest: official.isLatest } : {}),
    },
  };
}

/** A `ServerList` answer: its documents and the cursor of the next page. */
export interface ServerListPage {
  servers: ServerDocument[];
  nextCursor?: string;
}

export function serverListPage(value: unknown): ServerListPage {
  if (!isObject(value)) return { servers: [] };
  const servers = objects(value.servers)
    .map(serverDocument)
    .filter((d): d is ServerDocument => d !== undefined);
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const nextCursor = text(metadata.nextCursor);
  return { servers, ...(nextCursor !== undefined ? { nextCursor } : {}) };
}

/** `2025-12-18T08:42:07.123Z` as `2025-12-18 08:42 UTC`: dates are shown in UTC, like the API's. */
export function displayTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match === null ? iso : `${match[1]} ${match[2]} UTC`;
}
