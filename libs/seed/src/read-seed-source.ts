/**
 * Reads an import source the way the official registry reads MCP_REGISTRY_SEED_FROM
 * (internal/importer/importer.go): a local JSON file, an http(s) URL of such a file, or a registry's
 * list endpoint followed page by page through `metadata.nextCursor`. Beyond the official reader, the
 * kind is told from the content (array or list page), the ServerResponse form `{server, _meta}` keeps
 * the source registry's metadata, cursors are URL-encoded, and entries stream out page by page.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SeedEntry } from '@registry/application/registry-operations';
import { FetchSeedJson, fetchSeedJsonWith, parseSeedJson } from './fetch-seed-json';
import { seedEntryOf, seedPageOf } from './seed-document';
import { SeedSourceError } from './seed-source-error';

export const DEFAULT_SEED_PAGE_LIMIT = 100;

export interface SeedSourceOptions {
  /** Reads one URL as JSON; defaults to `fetch` with a time limit (see fetch-seed-json.ts). */
  fetchJson?: FetchSeedJson;
  /** `limit` sent to a registry list endpoint; default 100, the official registry's maximum. */
  pageLimit?: number;
  /** Time limit of each request made by the default fetcher. */
  timeoutMs?: number;
  /**
   * Told the number of entries as soon as it is known: for an array, before the first entry; for a
   * list that fits one page, likewise; never for a multi-page list, which has no total.
   */
  onTotal?: (total: number) => void;
}

/**
 * The entries of `from`, in source order. Lazy: nothing is read until iteration starts, and a bad
 * source throws SeedSourceError from the first `next()`.
 */
export async function* readSeedSource(
  from: string,
  options: SeedSourceOptions = {},
): AsyncGenerator<SeedEntry> {
  const trimmed = from.trim();
  if (trimmed === '') throw new SeedSourceError('""', 'not-found', 'no file path or URL given');
  if (/^https?:\/\//i.test(trimmed)) {
    yield* readRemote(trimmed, options);
    return;
  }
  const path = /^file:\/\//i.test(trimmed) ? fileURLToPath(trimmed) : trimmed;
  const page = seedPageOf(path, parseSeedJson(path, await readLocalText(path)));
  // A saved list page cannot be followed to its next page: a file has no endpoint to ask.
  options.onTotal?.(page.elements.length);
  for (const element of page.elements) yield seedEntryOf(element);
}

async function readLocalText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SeedSourceError(path, 'not-found', 'no such file');
    if (code === 'EISDIR') throw new SeedSourceError(path, 'unreadable', 'is a directory, not a JSON file');
    if (code === 'EACCES') throw new SeedSourceError(path, 'unreadable', 'permission denied');
    throw new SeedSourceError(path, 'unreadable', err instanceof Error ? err.message : String(err));
  }
}

async function* readRemote(from: string, options: SeedSourceOptions): AsyncGenerator<SeedEntry> {
  const fetchJson = options.fetchJson ?? fetchSeedJsonWith(options.timeoutMs);
  let firstUrl: URL;
  try {
    firstUrl = new URL(from);
  } catch {
    throw new SeedSourceError(from, 'not-found', 'not a valid URL');
  }
  if (isListEndpoint(firstUrl) && !firstUrl.searchParams.has('limit')) {
    firstUrl.searchParams.set('limit', String(options.pageLimit ?? DEFAULT_SEED_PAGE_LIMIT));
  }
  const seenCursors = new Set<string>();
  let url = firstUrl.toString();
  for (let pageNumber = 1; ; pageNumber++) {
    const page = seedPageOf(url, await fetchJson(url));
    if (pageNumber === 1 && page.nextCursor === undefined) options.onTotal?.(page.elements.length);
    for (const element of page.elements) yield seedEntryOf(element);
    if (page.nextCursor === undefined) return;
    // A registry that hands back a cursor it already gave would page forever.
    if (seenCursors.has(page.nextCursor)) {
      throw new SeedSourceError(
        from,
        'cursor-loop',
        `page ${pageNumber} repeats cursor "${page.nextCursor}"`,
      );
    }
    seenCursors.add(page.nextCursor);
    const next = new URL(firstUrl);
    next.searchParams.set('cursor', page.nextCursor);
    url = next.toString();
  }
}

/** `/v0/servers` or `/v0.1/servers`, also under a path prefix, as the official importer recognises. */
function isListEndpoint(url: URL): boolean {
  return /\/v0(\.1)?\/servers\/?$/.test(url.pathname);
}
