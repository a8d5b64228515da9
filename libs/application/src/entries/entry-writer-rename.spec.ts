import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  DecisionContext,
  RegistryError,
  ServerEntryState,
  decideMirror,
  decidePublish,
  decideRename,
} from '@registry/domain/entry';
import { SqliteEventStore } from '@registry/store-sqlite';
import { EntryRepository } from './entry-repository';
import { EntryWriter } from './entry-writer';

const ctx = (): DecisionContext => ({
  now: new Date(),
  newId: () => randomUUID(),
  actor: { method: 'test', subject: 'rename' },
});

const OLD = 'io.github.test/old';
const NEW = 'io.github.test/new';

const publish = (name: string, version: string) => (state: ServerEntryState | undefined) =>
  decidePublish(state, { server: { name, version, description: 'rename test' }, origin: 'publish' }, ctx());
const rename = (newName: string) => (state: ServerEntryState | undefined) =>
  decideRename(state!, newName, ctx());

describe('EntryWriter and EntryRepository: a rename', () => {
  let dir: string;
  let store: SqliteEventStore;
  /** Two processes of a fleet on one log: each its own cache and writer. */
  let here: { entries: EntryRepository; writer: EntryWriter };
  let there: { entries: EntryRepository; writer: EntryWriter };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'entry-rename-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
    const process = () => {
      const entries = new EntryRepository(store);
      return { entries, writer: new EntryWriter(store, entries) };
    };
    here = process();
    there = process();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the name claim in the append: the new name is the entry, the old one free', async () => {
    const { state: created } = await here.writer.write(OLD, publish(OLD, '1.0.0'), true);
    const { state } = await here.writer.write(OLD, rename(NEW), false);
    assert.equal(state.entryId, created.entryId);
    assert.equal(await store.claimHolder('name', NEW), created.entryId);
    assert.equal(await store.claimHolder('name', OLD), undefined);
    assert.equal((await here.entries.loadByName(NEW))?.entryId, created.entryId);
    assert.equal(here.entries.cachedByName(OLD), undefined, 'the cache no longer answers the old name');
    assert.equal(await here.entries.loadByName(OLD), undefined);
    // A publish under the old name starts another entry.
    const { state: newcomer } = await here.writer.write(OLD, publish(OLD, '9.0.0'), true);
    assert.notEqual(newcomer.entryId, created.entryId);
    assert.equal((await here.entries.loadByName(NEW))?.versions.has('9.0.0'), false);
  });

  it('another process whose cache still maps the old name publishes a new entry there, not a version of the moved one', async () => {
    const { state: created } = await there.writer.write(OLD, publish(OLD, '1.0.0'), true);
    await there.entries.loadByName(OLD); // cached there under the old name
    await here.writer.write(OLD, rename(NEW), false);
    const { state: newcomer } = await there.writer.write(OLD, publish(OLD, '2.0.0'), true);
    assert.notEqual(newcomer.entryId, created.entryId);
    assert.equal(newcomer.name, OLD);
    const moved = await there.entries.loadByName(NEW);
    assert.deepEqual([...moved!.versions.keys()], ['1.0.0']);
    assert.equal(moved!.name, NEW);
  });

  it('answers 409 when the new name is held by another entry, and appends nothing', async () => {
    await here.writer.write(OLD, publish(OLD, '1.0.0'), true);
    await there.writer.write(NEW, publish(NEW, '1.0.0'), true);
    const head = await store.headPosition();
    await assert.rejects(here.writer.write(OLD, rename(NEW), false), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'conflict');
      assert.match(error.message, /io\.github\.test\/new is already taken/);
      return true;
    });
    assert.equal(await store.headPosition(), head);
  });

  it("finds a mirror's entry by its id when the upstream renamed it", async () => {
    const serverId = randomUUID();
    const at = '2026-01-01T00:00:00.000Z';
    const view = (name: string, updatedAt: string) => ({
      server: { name, version: '1.0.0', description: 'd' },
      status: 'active' as const,
      statusChangedAt: at,
      publishedAt: at,
      updatedAt,
      isLatest: true,
      serverId,
    });
    const mirror = (name: string, updatedAt: string) =>
      here.writer.write(name, (s) => decideMirror(s, view(name, updatedAt), ctx(), 'exact'), true, {
        streamId: serverId,
      });
    await mirror(OLD, at);
    const { state } = await mirror(NEW, '2026-01-02T00:00:00.000Z');
    assert.equal(state.entryId, serverId);
    assert.equal(state.name, NEW);
    assert.equal(await store.claimHolder('name', OLD), undefined);
    assert.equal(await store.claimHolder('name', NEW), serverId);
  });
});
