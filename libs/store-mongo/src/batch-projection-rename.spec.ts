import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteReadModel } from '@registry/store-sqlite';
import { EventLogBuilder } from '@test/support/event-log-builder';
import { CollectionsInMemory } from './collections-in-memory';

const NS = 'io.github.test-registry';
const OLD = 'io.github.alice/weather';
const NEW = 'com.example/weather';
const LAST = 'com.example/weather-tools';

/** Renames within and across batches, a name taken again, a rename back, status changes around them. */
function renames(): EventLogBuilder {
  return new EventLogBuilder()
    .publish(OLD, '1.0.0')
    .publish(OLD, '1.1.0')
    .publish('io.github.bob/files', '0.1.0')
    .rename(OLD, NEW)
    .status(NEW, '1.0.0', 'deprecated', 'old')
    .publish(NEW, '2.0.0')
    .publish(OLD, '0.1.0')
    .rename(NEW, LAST)
    .edit(LAST, '2.0.0', 'edited after the renames')
    .rename(OLD, NEW);
}

describe('BatchProjection: renames (the MongoDB read model projection, without a server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mongo-projection-rename-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const log = renames();
  const names = [OLD, NEW, LAST, 'io.github.bob/files'];

  async function sqlite(): Promise<{ responses: string[]; redirects: Array<string | undefined> }> {
    const model = new SqliteReadModel(join(dir, `rm-${Math.random()}.db`), NS);
    try {
      model.applySync({ events: log.events, checkpoint: { log: log.events.length } });
      const redirects = await Promise.all(names.map((name) => model.renamedTo(name)));
      return { responses: model.listServersSync({ limit: 1_000, includeDeleted: true }).items, redirects };
    } finally {
      model.close();
    }
  }

  it('moves the documents and keeps the former names exactly as the SQLite read model does', async () => {
    const expected = await sqlite();
    const redirects = expected.redirects;
    // The second entry took OLD and then left it for NEW; the first left OLD and NEW for LAST.
    assert.deepEqual(redirects, [NEW, undefined, undefined, undefined]);
    for (const size of [log.events.length, 1, 2, 3, 5]) {
      const mongo = new CollectionsInMemory(NS);
      for (let i = 0; i < log.events.length; i += size) {
        mongo.apply(log.events.slice(Math.max(0, i - 1), i + size)); // overlaps by one: a re-delivery
      }
      assert.deepEqual(mongo.responses(), expected.responses, `batches of ${size}`);
      assert.deepEqual(
        names.map((name) => mongo.renamedTo(name)),
        redirects,
        `former names, batches of ${size}`,
      );
    }
  });

  it('leaves no document under a name the entry left', () => {
    const mongo = new CollectionsInMemory(NS);
    mongo.apply(log.events);
    const byName = (name: string) => [...mongo.versions.values()].filter((v) => v.name === name);
    assert.deepEqual(
      byName(LAST)
        .map((v) => v.version)
        .sort(),
      ['1.0.0', '1.1.0', '2.0.0'],
    );
    // OLD was taken again (0.1.0), then that entry moved to NEW: OLD holds nothing, redirects to NEW.
    assert.deepEqual(byName(OLD), []);
    assert.deepEqual(
      byName(NEW).map((v) => v.version),
      ['0.1.0'],
    );
    assert.equal(mongo.renamedTo(OLD), NEW);
    assert.equal(mongo.renamedTo(NEW), undefined);
    for (const v of mongo.versions.values()) {
      assert.equal(v.nameLower, v.name.toLowerCase());
      assert.equal((JSON.parse(v.serverJson) as { name: string }).name, v.name);
    }
  });
});
