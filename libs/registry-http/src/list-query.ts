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

function invalidParam(location: string, message: string, value: unknown): ProblemException {
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

function parseBool(location: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = GO_BOOLEANS.get(raw);
  if (value === undefined) throw invalidParam(location, LIST_MESSAGES.expectedBoolean, raw);
  return value;
}

/** Parses the query of `GET /servers` with the official registry's rules and messages. */
export function parseListQuery(raw: RawListQuery): ServerListQuery {
  let limit = 30;
  if (raw.limit !== undefined && raw.limit !== '') {
    // huma's strconv.ParseInt(v, 10, 64): an optional sign, either one.
    if (!/^[+-]?\d+$/.test(raw.limit))
      throw invalidParam('query.limit', LIST_MESSAGES.expectedInteger, raw.limit);
    limit = Number(raw.limit);
    if (limit < 1) throw invalidParam('query.limit', LIST_MESSAGES.limitMin, limit);
    if (limit > 100) throw invalidParam('query.limit', LIST_MESSAGES.limitMax, limit);
  }
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

export function parseIncludeDeleted(raw: string | undefined): boolean {
  return parseBool('query.include_deleted', raw) ?? false;
}
