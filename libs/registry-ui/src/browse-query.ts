/** What the list page was asked for: the words typed in the search box and the page's cursor. */
export interface BrowseQuery {
  q?: string;
  cursor?: string;
}

/** Servers per page of the list. */
export const BROWSE_PAGE_SIZE = 30;

/** Longer searches are cut: a server name is at most 200 characters. */
const MAX_QUERY_LENGTH = 200;

function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** The page's own query string (`?q=&cursor=`), trimmed; empty values count as absent. */
export function parseBrowseQuery(raw: unknown): BrowseQuery {
  const query = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const q = single(query.q)?.trim().slice(0, MAX_QUERY_LENGTH);
  const cursor = single(query.cursor);
  return {
    ...(q !== undefined && q !== '' ? { q } : {}),
    ...(cursor !== undefined && cursor !== '' ? { cursor } : {}),
  };
}

/**
 * The public API request behind a list page: the one place the search box meets the API. Words go to
 * the registry's full-text search (`/v0.1/x/<ns>/search`: names, titles, descriptions, packages and
 * hosts, best match first); without words the page is the plain list. Only latest versions are
 * listed, one line per server; the cursor is whichever endpoint's it came from.
 */
export function serverListApiPath(query: BrowseQuery, metaNamespace: string): string {
  const params = new URLSearchParams();
  if (query.q !== undefined) params.set('q', query.q);
  else params.set('version', 'latest');
  params.set('limit', String(BROWSE_PAGE_SIZE));
  if (query.cursor !== undefined) params.set('cursor', query.cursor);
  const path =
    query.q !== undefined ? `/v0.1/x/${encodeURIComponent(metaNamespace)}/search` : '/v0.1/servers';
  return `${path}?${params.toString()}`;
}

/** The list page's URL for a query (`/`, `/?q=weather`, `/?q=weather&cursor=...`). */
export function browseHref(query: BrowseQuery): string {
  const params = new URLSearchParams();
  if (query.q !== undefined) params.set('q', query.q);
  if (query.cursor !== undefined) params.set('cursor', query.cursor);
  const search = params.toString();
  return search === '' ? '/' : `/?${search}`;
}

/** A server's page (`/servers/<name, encoded>`), optionally at one version. */
export function serverHref(name: string, version?: string): string {
  const path = `/servers/${encodeURIComponent(name)}`;
  return version === undefined ? path : `${path}?version=${encodeURIComponent(version)}`;
}

/** The public API's JSON of one version, linked from its page. */
export function versionApiPath(name: string, version: string): string {
  return `/v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`;
}

export function versionsApiPath(name: string): string {
  return `/v0.1/servers/${encodeURIComponent(name)}/versions`;
}
