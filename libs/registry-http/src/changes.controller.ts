import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ChangeFeedReader, ChangePage } from '@registry/application';
import { ProblemException } from '@registry/http-kit';
import type { FastifyReply } from 'fastify';
import { EXTENSION_PREFIXES, ExtensionNamespaceGuard } from './extension-path';
import { LIST_MESSAGES } from './list-messages';

export const CHANGES_DEFAULT_LIMIT = 30;
export const CHANGES_MAX_LIMIT = 100;

/** What the feed's query says, validated. */
export interface ChangesQuery {
  after: number;
  limit: number;
}

function invalidParam(location: string, message: string, value: unknown): ProblemException {
  return new ProblemException({
    status: 422,
    detail: LIST_MESSAGES.validationFailed,
    errors: [{ message, location, value }],
  });
}

/** An integer query value, refused (422) when it is none; undefined when absent or empty. */
function integerParam(location: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  // Positions beyond 2^53 cannot be told apart: refused rather than rounded.
  if (!Number.isSafeInteger(value)) throw invalidParam(location, LIST_MESSAGES.expectedInteger, raw);
  return value;
}

/** Parses `after` and `limit` with the list endpoint's rules and messages. */
export function parseChangesQuery(raw: { after?: string; limit?: string }): ChangesQuery {
  const after = integerParam('query.after', raw.after) ?? 0;
  if (after < 0) throw invalidParam('query.after', 'expected number >= 0', after);
  const limit = integerParam('query.limit', raw.limit) ?? CHANGES_DEFAULT_LIMIT;
  if (limit < 1) throw invalidParam('query.limit', LIST_MESSAGES.limitMin, limit);
  if (limit > CHANGES_MAX_LIMIT) throw invalidParam('query.limit', LIST_MESSAGES.limitMax, limit);
  return { after, limit };
}

/** The feed's body, assembled from the rendered changes' own text (never re-serialised). */
export function changePageBody(page: ChangePage): string {
  return (
    `{"changes":[${page.changes.map((c) => c.json).join(',')}],` +
    `"metadata":{"nextAfter":${page.nextAfter},"head":${page.head}}}`
  );
}

/**
 * The public change feed: committed server changes in log order, from which a sub-registry that
 * missed webhooks rebuilds an exact copy (`after=0`, then each page's `nextAfter`).
 */
@Controller(EXTENSION_PREFIXES)
@UseGuards(ExtensionNamespaceGuard)
export class ChangesController {
  constructor(private readonly reader: ChangeFeedReader) {}

  @Get('changes')
  async changes(
    @Query('after') after: string | undefined,
    @Query('limit') limit: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = parseChangesQuery({ after, limit });
    const page = await this.reader.read(query.after, query.limit);
    void reply.header('content-type', 'application/json; charset=utf-8').send(changePageBody(page));
  }
}
