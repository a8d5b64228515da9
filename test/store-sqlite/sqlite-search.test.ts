import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { FeedBatch, ServerSearchQuery } from '@registry/application/ports';
import { searchWords } from '@registry/application/search';
import { EventEnvelope } from '@registry/domain/entry';
import { SqliteReadModel } from '@registry/store-sqlite';
import { searchPlan } from '@registry/store-sqlite/read-model-search';
import { sampleLog } from '@test/support/event-log-builder';

const NS = 'io.github.test-registry';

const batchOf = (events: EventEnvelope[]): FeedBatch => ({
  events,
  checkpoint: { log: events.at(-1)?.position ?? 0 },
});

const query = (text: string, extra: Partial<ServerSearchQuery> = {}): ServerSearchQuery => ({
  words: searchWords(text),
  limit: 30,
  includeDeleted: true,
  versions: 'all',
  ...extra,
});

const names = async (model: SqliteReadModel, text: string, extra: Partial<ServerSearchQuery> = {}) =>
  (await model.searchServers(query(text, extra))).items.map((item) => {
    const { server } = JSON.parse(item) as { server: { name: string; version: string } };
    return `${server.name}@${server.version}`;
  });

/** Deterministic strings of search syntax, words and odd characters. */
function* oddTexts(count: number): Generator<string> {
  const pieces = [
    '"',
    '""',
    '*',
    '(',
    ')',
    ':',
    '^',
    '-',
    '+',
    '{',
    '}',
    'NEAR',
    'AND',
    'OR',
    'NOT',
    'weather',
  ];
  const alphabet = [
    ...pieces,
    "'",
    '\\',
    '%',
    '_',
    ' ',
    'a',
    'é',
    '0',
    '字',
    '\u0301',
    '\u{1F600}',
    '\uE000',
    '\t',
  ];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(random() * 16);
    yield Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  }
}

describe('SQLite read model: full-text search', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rm-search-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('matches the last word as a prefix too, the others whole', async () => {
    const model = new SqliteReadModel(join(dir, 'rm.db'), NS);
    try {
      await model.apply(batchOf(sampleLog().events));
      assert.deepEqual(await names(model, 'weath', { versions: 'latest' }), [
        'io.github.alice/weather@1.1.0',
      ]);
      assert.deepEqual(await names(model, 'alice weath', { versions: 'latest' }), [
        'io.github.alice/weather@1.1.0',
      ]);
      assert.deepEqual(await names(model, 'weath alice', { versions: 'latest' }), []);
    } finally {
      model.close();
    }
  });

  it('never reads the text as FTS5 syntax: hundreds of odd strings, no error', async () => {
    const model = new SqliteReadModel(join(dir, 'rm.db'), NS);
    try {
      await model.apply(batchOf(sampleLog().events));
      let searched = 0;
      for (const text of oddTexts(400)) {
        for (const extra of [
          {},
          { versions: 'latest' as const, includeDeleted: false },
          { versions: 'latest' as const, status: 'deleted' as const },
          { status: 'active' as const },
        ]) {
          await model.searchServers(query(text, extra));
          searched++;
        }
      }
      assert.equal(searched, 1600);
      // What would be operators to FTS5 is text here.
      assert.equal(
        searchPlan(query('a" OR name:b* NEAR(c)')).match,
        '{name title identifiers hosts description} : ("a" AND "OR" AND "name" AND "b" AND "NEAR" AND "c"*)',
      );
    } finally {
      model.close();
    }
  });

  it('indexes a file written before the index existed when it is opened, then keeps it up to date', async () => {
    const log = sampleLog().events;
    const half = Math.floor(log.length / 2);
    const file = join(dir, 'old.db');
    const first = new SqliteReadModel(file, NS);
    await first.apply(batchOf(log.slice(0, half)));
    first.close();
    const raw = new Database(file);
    raw.exec(
      'DROP TRIGGER server_search_row_deleted; DROP TABLE server_search; DROP TABLE server_search_latest;',
    );
    raw.close();
    const reopened = new SqliteReadModel(file, NS);
    const reference = new SqliteReadModel(join(dir, 'reference.db'), NS);
    try {
      await reopened.apply(batchOf(log.slice(half)));
      await reference.apply(batchOf(log));
      for (const text of ['weather', 'tools', 'files', 'io github', 'edited', 'search']) {
        for (const extra of [{}, { versions: 'latest' as const, includeDeleted: false }]) {
          assert.deepEqual(await names(reopened, text, extra), await names(reference, text, extra), text);
        }
      }
      assert.ok((await names(reopened, 'weather')).length > 0);
    } finally {
      reopened.close();
      reference.close();
    }
  });

  it('serves a search another connection made stale afresh', async () => {
    const file = join(dir, 'shared.db');
    const reader = new SqliteReadModel(file, NS);
    const writer = new SqliteReadModel(file, NS);
    const log = sampleLog();
    try {
      await writer.apply(batchOf(log.events));
      assert.deepEqual(await names(reader, 'hurricane'), []);
      const before = log.events.length;
      log.edit('io.github.alice/weather', '1.1.0', 'Hurricane tracking');
      await writer.apply(batchOf(log.events.slice(before)));
      assert.deepEqual(await names(reader, 'hurricane'), ['io.github.alice/weather@1.1.0']);
    } finally {
      reader.close();
      writer.close();
    }
  });
});

describe('SQLite read model: which index answers a search', () => {
  const plan = (extra: Partial<ServerSearchQuery>) => {
    const { table, latestOfAll, match } = searchPlan(query('weather', extra));
    return `${table}${latestOfAll ? ' (latest)' : ''}: ${match.replace('{name title identifiers hosts description} : ("weather"*)', 'T')}`;
  };

  it('asks the table of undeleted latest versions whenever it can, with the fewest filters', () => {
    assert.equal(plan({ versions: 'latest', includeDeleted: false }), 'server_search_latest: T');
    assert.equal(
      plan({ versions: 'latest', includeDeleted: false, status: 'active' }),
      'server_search_latest: (T) NOT (status : "deprecated")',
    );
    assert.equal(
      plan({ versions: 'latest', status: 'deprecated' }),
      'server_search_latest: (T) AND (status : "deprecated")',
    );
    assert.equal(plan({ versions: 'latest', includeDeleted: true }), 'server_search (latest): T');
    assert.equal(
      plan({ versions: 'latest', status: 'deleted' }),
      'server_search (latest): (T) AND (status : "deleted")',
    );
    assert.equal(
      plan({ versions: 'all', includeDeleted: false }),
      'server_search: (T) NOT (status : "deleted")',
    );
    assert.equal(plan({ versions: 'all', includeDeleted: true }), 'server_search: T');
    assert.equal(
      plan({ versions: 'all', status: 'active' }),
      'server_search: (T) NOT (status : "deprecated" OR status : "deleted")',
    );
  });
});
