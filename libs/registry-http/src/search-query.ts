import { ServerSearchQuery } from '@registry/application/ports';
import { SEARCH_TEXT_MAX_LENGTH, decodeSearchCursor, searchWords } from '@registry/application/search';
import { ServerStatus } from '@registry/domain/server-json/server-json';
import { invalidParam, parseBool, parseLimit } from './list-query';

export interface RawSearchQuery {
  q?: string;
  limit?: string;
  cursor?: string;
  include_deleted?: string;
  status?: string;
  version?: string;
}

const STATUSES: readonly ServerStatus[] = ['active', 'deprecated', 'deleted'];
const VERSIONS = ['latest', 'all'] as const;

const oneOf = (values: readonly string[]): string => `expected value to be one of "${values.join(', ')}"`;

/** The first value of a repeated parameter (Fastify gives an array), as the list endpoint reads them. */
function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/**
 * Parses `GET /v0.1/x/<ns>/search` with the list endpoint's rules and messages for what they share
 * (limit, include_deleted, 422 problems naming the parameter). `q` is text, never query syntax: it is
 * cut into words (see searchWords); text without any word finds nothing.
 */
export function parseSearchQuery(query: unknown): ServerSearchQuery {
  const raw = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const q = single(raw.q);
  if (q === undefined) throw invalidParam('query.q', 'required query parameter is missing', q);
  if (q.trim() === '') throw invalidParam('query.q', 'expected a search text, not blank', q);
  if ([...q].length > SEARCH_TEXT_MAX_LENGTH) {
    throw invalidParam('query.q', `expected length <= ${SEARCH_TEXT_MAX_LENGTH}`, q);
  }
  const limit = parseLimit(single(raw.limit));
  const includeDeleted = parseBool('query.include_deleted', single(raw.include_deleted)) ?? false;
  const status = single(raw.status);
  if (status !== undefined && status !== '' && !STATUSES.includes(status as ServerStatus)) {
    throw invalidParam('query.status', oneOf(STATUSES), status);
  }
  const version = single(raw.version);
  if (version !== undefined && version !== '' && !VERSIONS.includes(version as 'latest' | 'all')) {
    throw invalidParam('query.version', oneOf(VERSIONS), version);
  }
  const cursor = single(raw.cursor);
  const after = cursor !== undefined && cursor !== '' ? decodeSearchCursor(cursor) : undefined;
  if (cursor !== undefined && cursor !== '' && after === undefined) {
    throw invalidParam('query.cursor', 'expected a nextCursor of this endpoint', cursor);
  }
  return {
    words: searchWords(q),
    limit,
    includeDeleted,
    versions: version === 'all' ? 'all' : 'latest',
    ...(status !== undefined && status !== '' ? { status: status as ServerStatus } : {}),
    ...(after !== undefined ? { after } : {}),
  };
}

/** A search page's body: the list endpoint's shape, `{servers, metadata: {nextCursor?, count}}`. */
export function searchPageBody(items: string[], nextCursor: string | undefined): string {
  const metadata =
    nextCursor !== undefined
      ? `{"nextCursor":${JSON.stringify(nextCursor)},"count":${items.length}}`
      : `{"count":${items.length}}`;
  return `{"servers":[${items.join(',')}],"metadata":${metadata}}`;
}
