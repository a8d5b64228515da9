import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LiveSqliteReadModel,
  ReadModelFiles,
  SqliteEventStore,
  SqliteReadModel,
} from '@registry/store-sqlite';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { describe, it } from 'node:test';
import { EventEnvelope } from '@registry/domain/entry';
import { sampleLog } from '@test/support/event-log-builder';
import { ProjectedReadModel, batchOf, readModelContract } from './read-model.contract';

const NS = 'io.github.test-registry';

/**
 * Rebuilds `liveModel` from `log`: the rebuild reads the log from the event store, so the same
 * events go into a fresh one first. Checks that the rebuild switched reads to a new file.
 */
async function rebuiltFrom(
  log: EventEnvelope[],
  eventsFile: string,
  liveModel: LiveSqliteReadModel,
): Promise<LiveSqliteReadModel> {
  const store = new SqliteEventStore(eventsFile);
  try {
    for (const e of log) {
      const prior = (await store.readStream(e.streamId)).length;
      await store.append({ streamId: e.streamId, expectedVersion: prior, events: [e] });
    }
    const emptyFile = liveModel.file;
    await liveModel.rebuild(store);
    if (liveModel.file === emptyFile) throw new Error('rebuild did not switch to a new file');
    return liveModel;
  } finally {
    await store.close();
  }
}

readModelContract('SQLite (embedded)', () => {
  const root = mkdtempSync(join(tmpdir(), 'rm-contract-'));
  let n = 0;
  return {
    open: async () => new SqliteReadModel(join(root, `rm-${++n}.db`), NS),
    reopen: async (model: ProjectedReadModel) => {
      const file = (model as SqliteReadModel).file;
      (model as SqliteReadModel).close();
      return new SqliteReadModel(file, NS);
    },
    rebuild: async (log) => {
      n += 1;
      return rebuiltFrom(
        log,
        join(root, `events-${n}.db`),
        new LiveSqliteReadModel(new ReadModelFiles(join(root, `data-${n}`)), NS),
      );
    },
    close: async (model) => (model as SqliteReadModel | LiveSqliteReadModel).close(),
    dispose: async () => rmSync(root, { recursive: true, force: true }),
  };
});

// The serving app's configuration: batches are applied by the event store's writer thread (which
// also projects each commit), queries answered here; whatever `apply` resolved must be readable at once.
readModelContract('SQLite (embedded, written by the store writer thread)', () => {
  const root = mkdtempSync(join(tmpdir(), 'rm-contract-thread-'));
  let n = 0;
  const dataDirs = new WeakMap<ProjectedReadModel, string>();
  const stores = new WeakMap<ProjectedReadModel, SqliteEventStore>();
  const open = (dataDir: string): LiveSqliteReadModel => {
    mkdirSync(dataDir, { recursive: true });
    const store = new SqliteEventStore(join(dataDir, 'events.db'));
    const model = new LiveSqliteReadModel(new ReadModelFiles(dataDir), NS, { projectIn: store });
    dataDirs.set(model, dataDir);
    stores.set(model, store);
    return model;
  };
  const close = async (model: ProjectedReadModel): Promise<void> => {
    await stores.get(model)?.close();
    await (model as LiveSqliteReadModel).close();
  };
  return {
    open: async () => open(join(root, `data-${++n}`)),
    reopen: async (model: ProjectedReadModel) => {
      await close(model);
      return open(dataDirs.get(model)!);
    },
    rebuild: async (log) => {
      n += 1;
      return rebuiltFrom(log, join(root, `events-${n}.db`), open(join(root, `data-${n}`)));
    },
    close,
    dispose: async () => rmSync(root, { recursive: true, force: true }),
  };
});

describe('SQLite read model shared between processes', () => {
  it('serves a change another connection applied, never a stale cached page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rm-shared-'));
    const file = join(dir, 'rm.db');
    const reader = new SqliteReadModel(file, NS);
    const writer = new SqliteReadModel(file, NS);
    const log = sampleLog();
    try {
      await writer.apply(batchOf(log.events.slice(0, 4)));
      const first = await reader.listServers({ limit: 100, includeDeleted: true });
      await writer.apply(batchOf(log.events));
      const second = await reader.listServers({ limit: 100, includeDeleted: true });
      assert.ok(second.items.length > first.items.length, "the reader sees the other connection's rows");
    } finally {
      reader.close();
      writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite read model: batches from the log', () => {
  it('refuses a batch that starts past its log checkpoint (a sender positioned on another file), and keeps its state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rm-gap-'));
    const model = new SqliteReadModel(join(dir, 'rm.db'), NS);
    const log = sampleLog();
    try {
      await model.apply(batchOf(log.events.slice(0, 3)));
      const before = await model.listServers({ limit: 100, includeDeleted: true });
      await assert.rejects(
        model.apply(batchOf(log.events.slice(5, 8))),
        /at log position 3 .* from position 6: a gap/,
      );
      assert.deepEqual(await model.checkpoint(), { log: 3 });
      assert.deepEqual(await model.listServers({ limit: 100, includeDeleted: true }), before);
      // Re-delivery overlapping the checkpoint is fine, and so is the next contiguous batch.
      await model.apply(batchOf(log.events.slice(1, 6)));
      assert.deepEqual(await model.checkpoint(), { log: 6 });
    } finally {
      model.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite read model: files of an earlier layout', () => {
  it('drops the server.json column rows used to carry beside the response, and goes on projecting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rm-layout-'));
    const file = join(dir, 'rm.db');
    const log = sampleLog().events;
    const half = Math.floor(log.length / 2);
    const reference = new SqliteReadModel(join(dir, 'reference.db'), NS);
    try {
      const first = new SqliteReadModel(file, NS);
      await first.apply(batchOf(log.slice(0, half)));
      first.close();
      // The earlier layout: the same rows with the server.json text in a column of its own.
      const raw = new Database(file);
      raw.exec(`ALTER TABLE server_versions ADD COLUMN server_json TEXT NOT NULL DEFAULT '{}'`);
      raw.close();
      const reopened = new SqliteReadModel(file, NS);
      try {
        const columns = new Database(file, { readonly: true });
        const names = columns
          .prepare<[], { name: string }>('PRAGMA table_info(server_versions)')
          .all()
          .map((c) => c.name);
        columns.close();
        assert.ok(!names.includes('server_json'), `columns: ${names.join(', ')}`);
        await reopened.apply(batchOf(log.slice(half)));
        await reference.apply(batchOf(log));
        const all = { limit: 100, includeDeleted: true };
        assert.deepEqual(await reopened.listServers(all), await reference.listServers(all));
      } finally {
        reopened.close();
      }
    } finally {
      reference.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
