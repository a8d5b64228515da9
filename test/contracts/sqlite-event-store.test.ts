import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EventStore } from '@registry/application/ports';
import { SqliteEventStore } from '@registry/store-sqlite';
import { repoRoot } from '@test/support/repo-paths';
import { eventStoreContract, pendingEvent } from './event-store.contract';

eventStoreContract('SQLite (embedded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-contract-'));
  const file = join(dir, 'events.db');
  return {
    open: async () => new SqliteEventStore(file),
    reopen: async (store: EventStore) => {
      await store.close();
      return new SqliteEventStore(file);
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite event store: the writer thread', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'es-writer-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('commits the appends still queued when it closes, and refuses appends after that', async () => {
    const file = join(dir, 'close.db');
    const store = new SqliteEventStore(file);
    const streams = Array.from({ length: 40 }, () => randomUUID());
    // Not awaited: most are still queued (or in the writer's hands) when close() is called.
    const appends = streams.map((streamId) =>
      store.append({ streamId, expectedVersion: 0, events: [pendingEvent()] }),
    );
    await store.close();
    const results = await Promise.all(appends);
    assert.deepEqual(
      results.map((r) => r.lastPosition).sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    await assert.rejects(
      store.append({ streamId: randomUUID(), expectedVersion: 0, events: [pendingEvent()] }),
      /closed/,
    );
    const reopened = new SqliteEventStore(file);
    try {
      assert.equal(await reopened.headPosition(), 40);
      for (const streamId of streams) assert.equal((await reopened.readStream(streamId)).length, 1);
    } finally {
      await reopened.close();
    }
  });

  it('shares a commit among appends made together and hands subscribers every envelope once', async () => {
    const store = new SqliteEventStore(join(dir, 'group.db'));
    const seen: number[] = [];
    const commits: number[] = [];
    store.onCommit((last, committed) => {
      commits.push(last);
      seen.push(...committed.map((e) => e.position));
    });
    try {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          store.append({
            streamId: randomUUID(),
            expectedVersion: 0,
            events: [pendingEvent(), pendingEvent('server.version.published', { version: '1.0.0' })],
          }),
        ),
      );
      assert.deepEqual(
        seen,
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      assert.ok(commits.length < 50, `50 appends made together took ${commits.length} commits`);
    } finally {
      await store.close();
    }
  });

  it('fails only the append whose data cannot be serialised', async () => {
    const store = new SqliteEventStore(join(dir, 'bigint.db'));
    try {
      const good = store.append({ streamId: randomUUID(), expectedVersion: 0, events: [pendingEvent()] });
      const bad = store.append({
        streamId: randomUUID(),
        expectedVersion: 0,
        events: [pendingEvent('server.entry.created', { name: 'x/y', size: 1n })],
      });
      await assert.rejects(bad, /BigInt/);
      assert.equal((await good).lastPosition, 1);
      assert.equal(
        (await store.append({ streamId: randomUUID(), expectedVersion: 0, events: [pendingEvent()] }))
          .lastPosition,
        2,
      );
    } finally {
      await store.close();
    }
  });

  it('tells each caller the truth when the writer thread dies mid-batch: resolved exactly when durable', async () => {
    for (const turns of [1, 2, 3, 5, 8]) {
      const file = join(dir, `killed-${turns}.db`);
      const store = new SqliteEventStore(file);
      const notified = new Set<string>();
      store.onCommit((_last, committed) => committed.forEach((e) => notified.add(e.streamId)));
      // The thread is up and has committed once; then appends keep coming, a few per turn.
      await store.append({ streamId: randomUUID(), expectedVersion: 0, events: [pendingEvent()] });
      const streams = Array.from({ length: 60 }, () => randomUUID());
      const appends: Promise<unknown>[] = [];
      for (const [i, streamId] of streams.entries()) {
        appends.push(store.append({ streamId, expectedVersion: 0, events: [pendingEvent()] }));
        if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
      }
      for (let t = 0; t < turns; t++) await new Promise((resolve) => setImmediate(resolve));
      // The thread dies (as it would on a native crash); reaching it needs the private field.
      await (
        store as unknown as { writer: { worker: { terminate(): Promise<number> } } }
      ).writer.worker.terminate();
      const outcomes = await Promise.allSettled(appends);
      await store.close().catch(() => undefined);
      const reopened = new SqliteEventStore(file);
      try {
        for (const [i, streamId] of streams.entries()) {
          const durable = (await reopened.readStream(streamId)).length === 1;
          assert.equal(outcomes[i]!.status === 'fulfilled', durable, `append ${i} after ${turns} turns`);
          assert.equal(
            notified.has(streamId),
            durable,
            `subscribers told of append ${i} after ${turns} turns`,
          );
        }
      } finally {
        await reopened.close();
      }
    }
  });

  it('does not keep an idle process alive', () => {
    // A CLI command that never closes its store must still exit once its work is done.
    const script = `
      const { SqliteEventStore } = require('@registry/store-sqlite');
      const store = new SqliteEventStore(${JSON.stringify(join(dir, 'idle.db'))});
      store.append({ streamId: 'a', expectedVersion: 0, events: [${JSON.stringify(pendingEvent())}] })
        .then((r) => console.log('appended', r.lastPosition));`;
    const run = spawnSync(
      process.execPath,
      ['-r', join(repoRoot(), 'scripts', 'register-paths.cjs'), '-e', script],
      {
        cwd: repoRoot(),
        env: process.env,
        timeout: 20_000,
        encoding: 'utf8',
      },
    );
    assert.equal(run.error, undefined, 'the process exited by itself');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /appended 1/);
  });
});
