import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteReadModel } from '@registry/store-sqlite';
import { sampleLog } from '@test/support/event-log-builder';
import { BatchProjection } from './batch-projection';
import { CollectionsInMemory } from './collections-in-memory';

const NS = 'io.github.test-registry';

describe('BatchProjection (the MongoDB read model projection, without a server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mongo-projection-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const log = sampleLog();

  function sqliteResponses(): string[] {
    const sqlite = new SqliteReadModel(join(dir, `rm-${Math.random()}.db`), NS);
    sqlite.applySync({ events: log.events, checkpoint: { log: log.events.length } });
    const page = sqlite.listServersSync({ limit: 1_000, includeDeleted: true });
    sqlite.close();
    return page.items;
  }

  it('renders exactly the documents the SQLite read model renders, in one batch', () => {
    const mongo = new CollectionsInMemory(NS);
    mongo.apply(log.events);
    assert.deepEqual(mongo.responses(), sqliteResponses());
  });

  it('renders the same in batches of every size, with re-deliveries', () => {
    const expected = sqliteResponses();
    for (const size of [1, 2, 3, 5, 8]) {
      const mongo = new CollectionsInMemory(NS);
      for (let i = 0; i < log.events.length; i += size) {
        mongo.apply(log.events.slice(Math.max(0, i - 1), i + size)); // overlaps by one: a re-delivery
      }
      assert.deepEqual(mongo.responses(), expected, `batches of ${size}`);
      const last = log.events.at(-1)!;
      assert.equal(mongo.streams.get(last.streamId)!.version, last.streamVersion);
    }
  });

  it('renders the namespace standing on every version of its entry, and drops it again', () => {
    const mongo = new CollectionsInMemory(NS);
    mongo.apply(log.events);
    const standingOf = (name: string): unknown[] =>
      [...mongo.versions.values()]
        .filter((v) => v.name === name)
        .map((v) => (JSON.parse(v.response) as { _meta: Record<string, { namespace?: unknown }> })._meta)
        .map((meta) => meta[`${NS}/entry`]!.namespace);
    const tools = standingOf('com.example/Tools') as Array<{ status: string }>;
    assert.deepEqual(
      tools.map((s) => s.status),
      ['grace', 'grace'],
    );
    assert.deepEqual(standingOf('io.github.bob/files'), [undefined, undefined]);
  });

  it('refuses a gap and skips what it already has', () => {
    const mongo = new CollectionsInMemory(NS);
    mongo.apply(log.events.slice(0, 2));
    assert.throws(() => mongo.apply(log.events.slice(3)), /a gap/);
    const projection = new BatchProjection(NS);
    projection.load([...mongo.streams.values()]);
    assert.equal(projection.apply(log.events[1]!), false, 'a re-delivery is skipped');
  });

  it('keeps the search key and the micros used by updated_since', () => {
    const mongo = new CollectionsInMemory(NS);
    mongo.apply(log.events);
    for (const v of mongo.versions.values()) {
      assert.equal(v.nameLower, v.name.toLowerCase());
      assert.equal(Math.floor(v.updatedAtMicros / 1000), Date.parse(v.updatedAt));
      assert.ok(Number.isFinite(v.publishedAtMicros));
    }
  });
});
