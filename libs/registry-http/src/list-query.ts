import { ServerListQuery } from '@registry/application/ports';
import { rfc3339ToMicros } from '@registry/domain/entry';
import { ProblemException } from '@registry/http-kit';
import { LIST_MESSAGES } from './list-messages';

export interface RawListQuery {
  cursor?: string;
  limit?: string;
  search?: string;
  updated_since?: string;
  version?: string;
  include_deleted?: string;
}

/** huma's refusal of one query parameter: 422 "validation failed" naming it. */
export function invalidParam(location: string, message: string, value: unknown): ProblemException {
  return new ProblemException({
    status: 422,
    detail: LIST_MESSAGES.validationFailed,
    errors: [{ message, location, value }],
  });
}

/** Go's strconv.ParseBool, which huma parses boolean parameters with: these spellings and no other. */
const GO_BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((s): [string, boolean] => [s, true]),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((s): [string, boolean] => [s, false]),
]);

export function parseBool(location: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = GO_BOOLEANS.get(raw);
  if (value === undefined) throw invalidParam(location, LIST_MESSAGES.expectedBoolean, raw);
  return value;
}

/** Parses the query of `GET /servers` with the official registry's rules and messages. */
export function parseListQuery(raw: RawListQuery): ServerListQuery {
  const limit = parseLimit(raw.limit);
  const includeDeleted = parseBool('query.include_deleted', raw.include_deleted);
  let updatedSinceMicros: number | undefined;
  if (raw.updated_since !== undefined && raw.updated_since !== '') {
    updatedSinceMicros = rfc3339ToMicros(raw.updated_since);
    if (Number.isNaN(updatedSinceMicros)) {
      throw new ProblemException({ status: 400, detail: LIST_MESSAGES.badUpdatedSince });
    }
    if (includeDeleted === false) {
      throw new ProblemException({ status: 400, detail: LIST_MESSAGES.updatedSinceExcludesDeleted });
    }
  }
  return {
    limit,
    includeDeleted: updatedSinceMicros !== undefined ? true : (includeDeleted ?? false),
    ...(raw.cursor !== undefined && raw.cursor !== '' ? { cursor: raw.cursor } : {}),
    ...(raw.search !== undefined && raw.search !== '' ? { search: raw.search } : {}),
    ...(updatedSinceMicros !== undefined ? { updatedSinceMicros } : {}),
    ...(raw.version !== undefined && raw.version !== '' ? { version: raw.version } : {}),
  };
}

/** `limit`: 1 to 100, 30 when absent or empty. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 30;
  // huma's strconv.ParseInt(v, 10, 64): an optional sign, either one.
  if (!/^[+-]?\d+$/.test(raw)) throw invalidParam('query.limit', LIST_MESSAGES.expectedInteger, raw);
  const limit = Number(raw);
  if (limit < 1) throw invalidParam('query.limit', LIST_MESSAGES.limitMin, limit);
  if (limit > 100) throw invalidParam('query.limit', LIST_MESSAGES.limitMax, limit);
  return limit;
}

export function parseIncludeDeleted(raw: string | undefined): boolean {
  return parseBool('query.include_deleted', raw) ?? false;
}
