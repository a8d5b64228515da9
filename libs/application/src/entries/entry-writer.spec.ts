import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  DecisionContext,
  EventEnvelope,
  RegistryError,
  ServerEntryState,
  decidePublish,
  decideStatusChange,
} from '@registry/domain/entry';
import { ServerStatus } from '@registry/domain/server-json/server-json';
import { SqliteEventStore } from '@registry/store-sqlite';
import { ForwardingEventStore } from '@test/support/forwarding-event-store';
import { AppendRequest, AppendResult, ConcurrencyConflict } from '../ports';
import { EntryRepository } from './entry-repository';
import { EntryWriter, backoffMs } from './entry-writer';

/** The real SQLite store, counting the stream reads and appends it is asked for. */
class CountingStore extends ForwardingEventStore {
  streamReads = 0;
  appends = 0;
  constructor(readonly sqlite: SqliteEventStore) {
    super(sqlite);
  }
  override append(request: AppendRequest): Promise<AppendResult> {
    this.appends += 1;
    return super.append(request);
  }
  override readStream(streamId: string, afterVersion = 0): Promise<EventEnvelope[]> {
    this.streamReads += 1;
    return super.readStream(streamId, afterVersion);
  }
}

const ctx = (): DecisionContext => ({
  now: new Date(),
  newId: () => randomUUID(),
  actor: { method: 'test', subject: 'entry-writer' },
});

const NAME = 'io.github.test/writer';

function publish(version: string) {
  return (state: ServerEntryState | undefined) =>
    decidePublish(
      state,
      { server: { name: NAME, version, description: 'writer test' }, origin: 'publish' },
      ctx(),
    );
}

function setStatus(version: string, status: ServerStatus) {
  return (state: ServerEntryState | undefined) => decideStatusChange(state!, { version, status }, ctx());
}

/** Counts the appends the store refused on the expected version (lost races). */
class RacingStore extends CountingStore {
  conflicts = 0;
  override async append(request: AppendRequest): Promise<AppendResult> {
    try {
      return await super.append(request);
    } catch (error) {
      if (error instanceof ConcurrencyConflict) this.conflicts += 1;
      throw error;
    }
  }
}

/** One process's writer: its own repository (and cache) over its own connection to the log. */
function processOn(file: string): { store: RacingStore; writer: EntryWriter } {
  const store = new RacingStore(new SqliteEventStore(file));
  return { store, writer: new EntryWriter(store, new EntryRepository(store)) };
}

describe('EntryWriter: writing from the cached entry', () => {
  let dir: string;
  let ours: ReturnType<typeof processOn>;
  let theirs: ReturnType<typeof processOn>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'entry-writer-'));
    ours = processOn(join(dir, 'events.db'));
    theirs = processOn(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await ours.store.close();
    await theirs.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends to an entry it wrote before without reading its stream again', async () => {
    await ours.writer.write(NAME, publish('1.0.0'), true);
    const reads = ours.store.streamReads;
    const { state } = await ours.writer.write(NAME, publish('1.1.0'), true);
    assert.equal(ours.store.streamReads, reads);
    assert.deepEqual([...state.versions.keys()], ['1.0.0', '1.1.0']);
    assert.equal(state.latest, '1.1.0');
    assert.equal(state.streamVersion, (await ours.store.sqlite.readStream(state.entryId)).length);
  });

  it('decides again on the current entry when another process appended since (the append lost the race)', async () => {
    await ours.writer.write(NAME, publish('1.0.0'), true);
    await theirs.writer.write(NAME, publish('2.0.0'), true);
    const { state } = await ours.writer.write(NAME, publish('1.5.0'), true);
    assert.deepEqual([...state.versions.keys()].sort(), ['1.0.0', '1.5.0', '2.0.0']);
    assert.equal(state.latest, '2.0.0', 'the latest decided on the current entry, not the cached one');
  });

  it('refuses only after checking the refusal against the current entry', async () => {
    await ours.writer.write(NAME, publish('1.0.0'), true);
    await theirs.writer.write(NAME, publish('2.0.0'), true);
    // Our cache has no 2.0.0: decided on it alone, this would be "version not found".
    const { state } = await ours.writer.write(NAME, setStatus('2.0.0', 'deprecated'), false);
    assert.equal(state.versions.get('2.0.0')?.status, 'deprecated');
    // A refusal that holds on the current entry is still a refusal.
    await assert.rejects(ours.writer.write(NAME, setStatus('3.0.0', 'deprecated'), false), RegistryError);
  });

  it('answers "nothing to change" only after checking it against the current entry', async () => {
    await ours.writer.write(NAME, publish('1.0.0'), true);
    await theirs.writer.write(NAME, setStatus('1.0.0', 'deprecated'), false);
    // Our cache says 1.0.0 is active already: decided on it alone, this would change nothing.
    const appends = ours.store.appends;
    const { state } = await ours.writer.write(NAME, setStatus('1.0.0', 'active'), false);
    assert.equal(ours.store.appends, appends + 1);
    assert.equal(state.versions.get('1.0.0')?.status, 'active');
    const stored = await theirs.store.sqlite.readStream(state.entryId);
    assert.equal(stored.at(-1)?.type, 'server.version.status-changed');
  });
});

describe('EntryWriter: many writers of one entry at once', () => {
  let dir: string;
  let ours: ReturnType<typeof processOn>;
  let theirs: ReturnType<typeof processOn>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'entry-writer-race-'));
    ours = processOn(join(dir, 'events.db'));
    theirs = processOn(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await ours.store.close();
    await theirs.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The versions of the entry in the order the log holds their publishes, with their times. */
  async function published(entryId: string): Promise<Array<{ version: string; publishedAt: string }>> {
    return (await ours.store.sqlite.readStream(entryId))
      .filter((e) => e.type === 'server.version.published')
      .map((e) => e.data as { version: string; publishedAt: string });
  }

  it('lets 100 writers of one entry in one process take turns: every one appends, none loses a race', async () => {
    const versions = Array.from({ length: 100 }, (_, i) => `1.0.${i}`);
    const writes = await Promise.all(versions.map((v) => ours.writer.write(NAME, publish(v), true)));
    assert.equal(ours.store.conflicts, 0, 'no append was refused on its expected version');
    assert.equal(ours.store.appends, 100);
    const state = writes.at(-1)!.state;
    assert.equal(state.versions.size, 100);
    assert.equal(state.latest, '1.0.99');
  });

  it('settles the races of two processes writing one entry at once: every write lands, latest is right', async (t) => {
    await ours.writer.write(NAME, publish('0.0.1'), true);
    await theirs.writer.write(NAME, publish('0.0.2'), true);
    const writes = [ours, theirs].flatMap((p, w) =>
      Array.from({ length: 30 }, (_, i) => p.writer.write(NAME, publish(`${w + 1}.0.${i}`), true)),
    );
    const results = await Promise.allSettled(writes);
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected').map((r) => String(r.reason)),
      [],
    );
    t.diagnostic(`lost races settled by retrying: ${ours.store.conflicts + theirs.store.conflicts}`);
    const entryId = (await ours.store.sqlite.claimHolder('name', NAME))!;
    const times = await published(entryId);
    assert.equal(times.length, 62);
    for (let i = 1; i < times.length; i++) {
      assert.ok(times[i - 1]!.publishedAt < times[i]!.publishedAt, 'publishedAt increases along the stream');
    }
    const folded = await new EntryRepository(ours.store.sqlite).load(entryId);
    assert.equal(folded?.versions.size, 62);
    assert.equal(folded?.latest, '2.0.29');
  });

  it('pauses longer after each lost race, with jitter, up to a cap', () => {
    const least = (lost: number) => backoffMs(lost, () => 0);
    const most = (lost: number) => backoffMs(lost, () => 0.999999);
    assert.deepEqual([1, 2, 3, 8, 20].map(least), [2.5, 5, 10, 125, 125]);
    assert.ok(most(1) < 5 && most(20) < 250);
    let total = 0;
    for (let lost = 1; lost < 10; lost++) total += least(lost);
    assert.ok(total >= 500, `at least ${total} ms over all attempts before giving up`);
  });
});
