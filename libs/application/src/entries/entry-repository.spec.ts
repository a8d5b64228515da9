import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EventEnvelope } from '@registry/domain/entry';
import { SqliteEventStore } from '@registry/store-sqlite';
import { EventLogBuilder, sampleLog } from '@test/support/event-log-builder';
import { ForwardingEventStore } from '@test/support/forwarding-event-store';
import { ClaimScope, EventStore } from '../ports';
import { EntryRepository } from './entry-repository';

/** The real SQLite store, with a record of the stream reads the repository asks for. */
class RecordingStore extends ForwardingEventStore {
  readonly streamReads: Array<{ streamId: string; afterVersion: number }> = [];
  claimReads = 0;
  override readStream(streamId: string, afterVersion = 0): Promise<EventEnvelope[]> {
    this.streamReads.push({ streamId, afterVersion });
    return super.readStream(streamId, afterVersion);
  }
  override claimHolder(scope: ClaimScope, key: string): Promise<string | undefined> {
    this.claimReads += 1;
    return super.claimHolder(scope, key);
  }
}

async function appendLog(store: EventStore, log: EventLogBuilder): Promise<string[]> {
  const streams: string[] = [];
  for (const e of log.events) {
    if (!streams.includes(e.streamId)) streams.push(e.streamId);
    await store.append({ streamId: e.streamId, expectedVersion: e.streamVersion - 1, events: [e] });
  }
  return streams;
}

describe('EntryRepository: warming the cache from the log', () => {
  let dir: string;
  let sqlite: SqliteEventStore;
  let streams: string[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'entry-repo-'));
    sqlite = new SqliteEventStore(join(dir, 'events.db'));
    streams = await appendLog(sqlite, sampleLog());
  });
  after(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds every entry as a cold load folds it, and then reads only what is newer', async () => {
    const store = new RecordingStore(sqlite);
    const warm = new EntryRepository(store);
    const cold = new EntryRepository(new RecordingStore(sqlite));
    assert.deepEqual(await warm.warmUp(), { entries: streams.length, events: await sqlite.headPosition() });
    for (const id of streams) assert.deepEqual(await warm.load(id), await cold.load(id));
    assert.equal(store.streamReads.length, streams.length);
    // Names resolve from the cache: a name's claim never changes hands.
    for (const id of streams) {
      const state = (await warm.load(id))!;
      assert.equal((await warm.loadByName(state.name))?.entryId, id);
    }
    assert.equal(store.claimReads, 0);
    for (const read of store.streamReads) {
      assert.ok(read.afterVersion > 0, `${read.streamId} was read from its start`);
    }
  });

  it('keeps what a load cached meanwhile, and counts only what it added', async () => {
    const repo = new EntryRepository(new RecordingStore(sqlite));
    const first = await repo.load(streams[0]!);
    assert.deepEqual(await repo.warmUp(), {
      entries: streams.length - 1,
      events: await sqlite.headPosition(),
    });
    assert.deepEqual(await repo.load(streams[0]!), first);
  });

  it("reads only the log's last events when told to, and warms only the entries created within them", async () => {
    const store = new RecordingStore(sqlite);
    const repo = new EntryRepository(store);
    const all = await sqlite.readFrom(0, 10_000);
    // The sample log ends with four namespace standings: the window reaches back to the last creation.
    const window = 12;
    const from = all.length - window;
    const createdInWindow = all
      .filter((e) => e.position > from && e.type === 'server.entry.created')
      .map((e) => e.streamId);
    assert.ok(
      createdInWindow.length > 0 && createdInWindow.length < streams.length,
      'the window splits the log',
    );
    const warmed = await repo.warmUp(window);
    assert.deepEqual(warmed, { entries: createdInWindow.length, events: window });
    for (const id of streams) await repo.load(id);
    for (const read of store.streamReads) {
      assert.equal(read.afterVersion > 0, createdInWindow.includes(read.streamId), read.streamId);
    }
  });

  it('brings a warmed entry up to date with what another writer appended after the warm-up', async () => {
    const store = new RecordingStore(sqlite);
    const repo = new EntryRepository(store);
    await repo.warmUp();
    const id = streams[0]!;
    const before = (await repo.load(id))!;
    // Another process (the CLI's import, say) appends to the same log.
    const other = new SqliteEventStore(join(dir, 'events.db'));
    try {
      const later = new EventLogBuilder().publish('io.github.alice/weather', '9.0.0').events;
      const published = later.find((e) => e.type === 'server.version.published')!;
      await other.append({ streamId: id, expectedVersion: before.streamVersion, events: [published] });
    } finally {
      await other.close();
    }
    const after = (await repo.load(id))!;
    assert.equal(after.streamVersion, before.streamVersion + 1);
    assert.ok(after.versions.has('9.0.0'));
  });
});
