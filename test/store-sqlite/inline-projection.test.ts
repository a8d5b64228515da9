import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { EventStore, LOG_SOURCE } from '@registry/application/ports';
import { EventEnvelope } from '@registry/domain/entry';
import { SqliteEventStore, SqliteReadModel, SqliteStore } from '@registry/store-sqlite';
import { EventLogBuilder, sampleLog } from '@test/support/event-log-builder';

const NS = 'io.github.test-registry';

/** Appends `events` as commands would: each run of one stream's events in one append. */
async function appendRuns(store: EventStore, events: EventEnvelope[]): Promise<number[]> {
  const lastPositions: number[] = [];
  for (let i = 0; i < events.length;) {
    let j = i + 1;
    while (j < events.length && events[j]!.streamId === events[i]!.streamId) j += 1;
    const run = events.slice(i, j);
    const result = await store.append({
      streamId: run[0]!.streamId,
      expectedVersion: run[0]!.streamVersion - 1,
      events: run,
    });
    lastPositions.push(result.lastPosition);
    i = j;
  }
  return lastPositions;
}

/** Everything the read model answers for the names in `log`, for comparing two read models. */
async function contents(
  model: Pick<SqliteReadModel, 'listServers' | 'listVersions'>,
  log: EventEnvelope[],
): Promise<unknown> {
  const names = [
    ...new Set(
      log.filter((e) => e.type === 'server.entry.created').map((e) => (e.data as { name: string }).name),
    ),
  ];
  return {
    all: await model.listServers({ limit: 100, includeDeleted: true }),
    latest: await model.listServers({ limit: 100, includeDeleted: false, version: 'latest' }),
    versions: await Promise.all(names.map((n) => model.listVersions(n, true))),
  };
}

describe('SQLite store: commits project their own events in the writer thread', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inline-projection-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has each commit in the read model, checkpoint included, when its append resolves', async () => {
    const store = new SqliteStore({ dataDir: dir, metaNamespace: NS, projectInWriter: true });
    const log = sampleLog().events;
    try {
      // No projector runs: only the commits themselves can have written the read model.
      for (let i = 0; i < log.length;) {
        let j = i + 1;
        while (j < log.length && log[j]!.streamId === log[i]!.streamId) j += 1;
        const [last] = await appendRuns(store.events, log.slice(i, j));
        assert.deepEqual(await store.readModel.checkpoint(), { [LOG_SOURCE]: last });
        i = j;
      }
      const reference = new SqliteReadModel(join(dir, 'reference.db'), NS);
      try {
        reference.applySync({ events: log, checkpoint: { [LOG_SOURCE]: log.length } });
        assert.deepEqual(await contents(store.readModel, log), await contents(reference, log));
      } finally {
        reference.close();
      }
    } finally {
      await store.close();
    }
  });

  it('leaves a read model behind the log to the projector, and projects again once it has caught up', async () => {
    const store = new SqliteStore({ dataDir: dir, metaNamespace: NS, projectInWriter: true });
    const log = new EventLogBuilder()
      .publish('io.github.a/one', '1.0.0')
      .publish('io.github.b/two', '1.0.0')
      .publish('io.github.c/three', '1.0.0').events;
    const firstRun = log.filter((e) => e.streamId === log[0]!.streamId);
    const secondRun = log.filter((e) => e.streamId === log[firstRun.length]!.streamId);
    const thirdRun = log.slice(firstRun.length + secondRun.length);
    try {
      await appendRuns(store.events, firstRun);
      // Another process (the CLI's import) appends to the same log without projecting.
      const other = new SqliteEventStore(join(dir, 'events.db'));
      const [foreign] = await appendRuns(other, secondRun);
      await other.close();
      // This commit is durable, but its events cannot go into a read model missing the ones before.
      const [ours] = await appendRuns(store.events, thirdRun);
      assert.equal(ours, log.length);
      assert.deepEqual(await store.readModel.checkpoint(), { [LOG_SOURCE]: firstRun.length });
      assert.equal((await store.events.readFrom(0, 100)).length, log.length);
      // The projector catches up from the checkpoint, as it does on every wake.
      await store.readModel.apply({
        events: await store.events.readFrom(firstRun.length, 100),
        checkpoint: { [LOG_SOURCE]: ours },
      });
      assert.equal(foreign, firstRun.length + secondRun.length);
      const more = new EventLogBuilder().publish('io.github.d/four', '1.0.0').events;
      const [next] = await appendRuns(store.events, more);
      assert.deepEqual(await store.readModel.checkpoint(), { [LOG_SOURCE]: next });
      assert.equal((await store.readModel.listServers({ limit: 100, includeDeleted: true })).items.length, 4);
    } finally {
      await store.close();
    }
  });

  it('projects into the file reads switched to after a rebuild, and leaves the previous one as it was', async () => {
    const store = new SqliteStore({ dataDir: dir, metaNamespace: NS, projectInWriter: true });
    const log = sampleLog().events;
    const half = log.findIndex((e) => e.type === 'server.version.status-changed');
    try {
      await appendRuns(store.events, log.slice(0, half));
      const before = store.readModel.file;
      await store.rebuild();
      const after = store.readModel.file;
      assert.notEqual(after, before);
      const [last] = (await appendRuns(store.events, log.slice(half))).slice(-1);
      assert.deepEqual(await store.readModel.checkpoint(), { [LOG_SOURCE]: last });
      const previous = new SqliteReadModel(before, NS);
      try {
        assert.deepEqual(await previous.checkpoint(), { [LOG_SOURCE]: half });
      } finally {
        previous.close();
      }
    } finally {
      await store.close();
    }
  });

  it('answers a version read right after its commit as the file does, deleted versions included only when asked', async () => {
    const store = new SqliteStore({ dataDir: dir, metaNamespace: NS, projectInWriter: true });
    const log = new EventLogBuilder()
      .publish('io.github.a/rw', '1.0.0')
      .publish('io.github.a/rw', '1.1.0')
      .status('io.github.a/rw', '1.1.0', 'deleted', 'gone');
    const events = log.events;
    const deletion = events.findIndex((e) => e.type === 'server.version.status-changed');
    try {
      await appendRuns(store.events, events.slice(0, deletion));
      // Read in the turn the commit answered in (what read-your-writes does), then again later.
      const right = await store.readModel.getVersion('io.github.a/rw', '1.1.0', true);
      await new Promise((resolve) => setImmediate(resolve));
      const later = await store.readModel.getVersion('io.github.a/rw', '1.1.0', true);
      assert.ok(right !== undefined);
      assert.equal(right, later);
      assert.equal(JSON.parse(right)._meta['io.modelcontextprotocol.registry/official'].isLatest, true);
      await appendRuns(store.events, events.slice(deletion));
      assert.equal(await store.readModel.getVersion('io.github.a/rw', '1.1.0', false), undefined);
      const deleted = await store.readModel.getVersion('io.github.a/rw', '1.1.0', true);
      assert.equal(JSON.parse(deleted!)._meta['io.modelcontextprotocol.registry/official'].status, 'deleted');
      const file = new SqliteReadModel(store.readModel.file, NS);
      try {
        assert.equal(deleted, await file.getVersion('io.github.a/rw', '1.1.0', true));
      } finally {
        file.close();
      }
    } finally {
      await store.close();
    }
  });
});
