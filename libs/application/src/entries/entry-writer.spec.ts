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
import { AppendRequest, AppendResult } from '../ports';
import { EntryRepository } from './entry-repository';
import { EntryWriter } from './entry-writer';

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

/** One process's writer: its own repository (and cache) over its own connection to the log. */
function processOn(file: string): { store: CountingStore; writer: EntryWriter } {
  const store = new CountingStore(new SqliteEventStore(file));
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
