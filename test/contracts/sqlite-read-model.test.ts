import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LiveSqliteReadModel,
  ReadModelFiles,
  SqliteEventStore,
  SqliteReadModel,
} from '@registry/store-sqlite';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleLog } from '@test/support/event-log-builder';
import { ProjectedReadModel, batchOf, readModelContract } from './read-model.contract';

const NS = 'io.github.test-registry';

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
      // The rebuild reads the log from the event store, so put the same events there first.
      const dataDir = join(root, `data-${++n}`);
      const store = new SqliteEventStore(join(root, `events-${n}.db`));
      for (const e of log) {
        const prior = (await store.readStream(e.streamId)).length;
        await store.append({ streamId: e.streamId, expectedVersion: prior, events: [e] });
      }
      const liveModel = new LiveSqliteReadModel(new ReadModelFiles(dataDir), NS);
      const emptyFile = liveModel.file;
      await liveModel.rebuild(store);
      if (liveModel.file === emptyFile) throw new Error('rebuild did not switch to a new file');
      await store.close();
      return liveModel;
    },
    close: async (model) => (model as SqliteReadModel | LiveSqliteReadModel).close(),
    dispose: async () => rmSync(root, { recursive: true, force: true }),
  };
});

// The serving app's configuration: batches are applied by a worker thread with its own connection,
// queries answered here; whatever `apply` resolved must be readable at once.
readModelContract('SQLite (embedded, projection thread)', () => {
  const root = mkdtempSync(join(tmpdir(), 'rm-contract-thread-'));
  let n = 0;
  const live = (dataDir: string): LiveSqliteReadModel =>
    new LiveSqliteReadModel(new ReadModelFiles(dataDir), NS, { applyInThread: true });
  const dataDirs = new WeakMap<ProjectedReadModel, string>();
  const open = (dataDir: string): LiveSqliteReadModel => {
    const model = live(dataDir);
    dataDirs.set(model, dataDir);
    return model;
  };
  return {
    open: async () => open(join(root, `data-${++n}`)),
    reopen: async (model: ProjectedReadModel) => {
      await (model as LiveSqliteReadModel).close();
      return open(dataDirs.get(model)!);
    },
    rebuild: async (log) => {
      const dataDir = join(root, `data-${++n}`);
      const store = new SqliteEventStore(join(root, `events-${n}.db`));
      for (const e of log) {
        const prior = (await store.readStream(e.streamId)).length;
        await store.append({ streamId: e.streamId, expectedVersion: prior, events: [e] });
      }
      const liveModel = open(dataDir);
      await liveModel.rebuild(store);
      await store.close();
      return liveModel;
    },
    close: async (model) => (model as LiveSqliteReadModel).close(),
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
