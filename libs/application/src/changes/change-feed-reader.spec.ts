import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EntryCreated, EventEnvelope, LatestVersionChanged, PendingEvent } from '@registry/domain/entry';
import { SUBSCRIPTION_REGISTRY_STREAM } from '@registry/domain/subscription/subscription-events';
import { SqliteEventStore, SqliteReadModel } from '@registry/store-sqlite';
import { EventLogBuilder } from '@test/support/event-log-builder';
import { ForwardingEventStore } from '@test/support/forwarding-event-store';
import { RegistrySettings } from '../projection/read-your-writes';
import { ChangeFeedReader, RenderedChange } from './change-feed-reader';

const NS = 'io.github.test-registry';
const SETTINGS: RegistrySettings = {
  metaNamespace: NS,
  readYourWritesTimeoutMs: 1000,
  enableRegistryValidation: false,
};

/** The real SQLite store, with a record of the streams the reader folds from the log. */
class RecordingStore extends ForwardingEventStore {
  readonly streamReads: Array<{ streamId: string; afterVersion: number }> = [];
  override readStream(streamId: string, afterVersion = 0): Promise<EventEnvelope[]> {
    this.streamReads.push({ streamId, afterVersion });
    return super.readStream(streamId, afterVersion);
  }
}

/** Two servers through every kind of change. */
function history(): EventLogBuilder {
  return new EventLogBuilder()
    .publish('io.github.alice/weather', '1.0.0')
    .publish('io.github.bob/files', '0.1.0')
    .publish('io.github.alice/weather', '1.1.0')
    .publish('io.github.bob/files', '0.2.0')
    .status('io.github.alice/weather', '1.1.0', 'deprecated', 'use 2.x')
    .edit('io.github.bob/files', '0.1.0', 'edited by an admin')
    .ownership('io.github.alice/weather', '1.0.0', 'failed', ['npm package no longer names this server'])
    .status('io.github.alice/weather', '1.1.0', 'deleted')
    .publish('io.github.alice/weather', '0.9.0')
    .status('io.github.alice/weather', '1.1.0', 'active')
    .ownership('io.github.alice/weather', '1.0.0', 'verified');
}

function subscriptionEvent(n: number): PendingEvent {
  return {
    eventId: `00000000-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`,
    type: 'subscription.status-changed',
    occurredAt: '2025-06-01T00:00:30.000Z',
    actor: { method: 'system', subject: 'registry' },
    schemaVersion: 1,
    data: {
      subscriptionId: 's',
      status: 'active',
      reason: 'verified',
      changedAt: '2025-06-01T00:00:30.000Z',
    },
  };
}

/**
 * The log as stored, with the subscription registry's events woven in (one early, and two after
 * the last change), and what the read model answered for a version right after each event: the
 * read model is fed one event at a time, so every moment of the log is observed.
 */
async function storeWithHistory(file: string, readModelFile: string) {
  const store = new SqliteEventStore(file);
  const readModel = new SqliteReadModel(readModelFile, NS);
  const events = history().events;
  let subscriptions = 0;
  const addSubscription = () =>
    store.append({
      streamId: SUBSCRIPTION_REGISTRY_STREAM,
      expectedVersion: subscriptions,
      events: [subscriptionEvent(++subscriptions)],
    });
  for (const [i, e] of events.entries()) {
    if (i === 4) await addSubscription();
    await store.append({ streamId: e.streamId, expectedVersion: e.streamVersion - 1, events: [e] });
  }
  await addSubscription();
  await addSubscription();
  const log = await store.readFrom(0, 1000);
  /** Per log position, the exact tail a change's text must end with. */
  const expectedTail = new Map<number, string>();
  const names = new Map<string, string>();
  for (const e of log) {
    await readModel.apply({ events: [e], checkpoint: { log: e.position } });
    if (e.type === 'server.entry.created') names.set(e.streamId, (e.data as EntryCreated['data']).name);
    if (e.streamId === SUBSCRIPTION_REGISTRY_STREAM || e.type === 'server.entry.created') continue;
    const name = names.get(e.streamId)!;
    const get = async (version: string | null) =>
      version === null ? 'null' : ((await readModel.getVersion(name, version, true)) ?? 'absent');
    if (e.type === 'server.latest-version.changed') {
      const d = e.data as LatestVersionChanged['data'];
      expectedTail.set(e.position, `"previous":${await get(d.previous)},"current":${await get(d.current)}}}`);
    } else {
      const version = (e.data as { version: string }).version;
      expectedTail.set(e.position, `"version":${JSON.stringify(version)},"server":${await get(version)}}}`);
    }
  }
  readModel.close();
  return { store, log, expectedTail };
}

async function pageThrough(reader: ChangeFeedReader, from: number, limit: number) {
  const pages: Array<{ changes: RenderedChange[]; nextAfter: number; head: number }> = [];
  let afterPosition = from;
  for (;;) {
    const page = await reader.read(afterPosition, limit);
    pages.push(page);
    if (page.changes.length === 0) return pages;
    afterPosition = page.nextAfter;
  }
}

describe('ChangeFeedReader on the real SQLite event store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let log: EventEnvelope[];
  let expectedTail: Map<number, string>;
  let changeEvents: EventEnvelope[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-feed-'));
    ({ store, log, expectedTail } = await storeWithHistory(join(dir, 'events.db'), join(dir, 'rm.db')));
    changeEvents = log.filter((e) => expectedTail.has(e.position));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders each change with the bytes the read model answered for the version right after it', async () => {
    const { changes, nextAfter, head } = await new ChangeFeedReader(store, SETTINGS).read(0, 100);
    assert.equal(head, log.length);
    assert.equal(nextAfter, log.length, 'the trailing subscription events are scanned too');
    assert.deepEqual(
      changes.map((c) => [c.sequence, c.type]),
      changeEvents.map((e) => [e.position, e.type]),
      'every server change, in log order, nothing else',
    );
    for (const c of changes) {
      const event = log[c.sequence - 1]!;
      assert.equal(c.eventId, event.eventId);
      assert.equal(c.streamId, event.streamId);
      assert.ok(c.json.endsWith(expectedTail.get(c.sequence)!), `#${c.sequence} ${c.type}: ${c.json}`);
      const parsed = JSON.parse(c.json) as { data: { name: string; version?: string } };
      assert.equal(parsed.data.name, c.name);
      assert.equal(parsed.data.version, c.version);
    }
  });

  it('pages by changes: at most `limit` each, nextAfter where the page stopped, and the pages make the whole feed', async () => {
    const whole = (await new ChangeFeedReader(store, SETTINGS).read(0, 100)).changes;
    for (const limit of [1, 2, 3, 7]) {
      const pages = await pageThrough(new ChangeFeedReader(store, SETTINGS), 0, limit);
      const full = pages.slice(0, -1);
      assert.deepEqual(
        full.flatMap((p) => p.changes),
        whole,
        `limit ${limit}`,
      );
      for (const page of full.slice(0, -1)) {
        assert.equal(page.changes.length, limit);
        assert.equal(page.nextAfter, page.changes.at(-1)!.sequence, 'stops at the last change it answers');
      }
      assert.deepEqual(pages.at(-1), { changes: [], nextAfter: log.length, head: log.length });
    }
  });

  it('folds each entry once when read in order, and only the missed part of a stream when started midway', async () => {
    const store2 = new RecordingStore(store);
    const inOrder = new ChangeFeedReader(store2, SETTINGS);
    await pageThrough(inOrder, 0, 2);
    assert.deepEqual(store2.streamReads, [], 'every event follows the one the cache holds');

    const midway = changeEvents[6]!.position;
    const store3 = new RecordingStore(store);
    const reader = new ChangeFeedReader(store3, SETTINGS);
    const tail = (await pageThrough(reader, midway, 3)).flatMap((p) => p.changes);
    const whole = (await new ChangeFeedReader(store, SETTINGS).read(0, 100)).changes;
    assert.deepEqual(
      tail,
      whole.filter((c) => c.sequence > midway),
    );
    assert.deepEqual(
      [...new Set(store3.streamReads.map((r) => r.streamId))].sort(),
      [...new Set(tail.map((c) => c.streamId))].sort(),
      'one stream read per entry whose beginning was missed',
    );
    assert.equal(store3.streamReads.length, new Set(tail.map((c) => c.streamId)).size);

    // Going back (another client starting over) folds from the start again and renders the same.
    assert.deepEqual((await reader.read(0, 100)).changes, whole);
  });

  it('renders a batch of log events as the feed does, skipping what is no change', async () => {
    const whole = (await new ChangeFeedReader(store, SETTINGS).read(0, 100)).changes;
    const reader = new ChangeFeedReader(store, SETTINGS);
    const rendered: RenderedChange[] = [];
    for (let i = 0; i < log.length; i += 5) rendered.push(...(await reader.render(log.slice(i, i + 5))));
    assert.deepEqual(rendered, whole);
    // A batch of one event of an entry the reader never saw.
    const late = changeEvents.at(-1)!;
    assert.deepEqual(await new ChangeFeedReader(store, SETTINGS).render([late]), [whole.at(-1)]);
    assert.deepEqual(await reader.render(log.filter((e) => e.streamId === SUBSCRIPTION_REGISTRY_STREAM)), []);
  });

  it('answers nothing past the head, with nextAfter where the client asked', async () => {
    const reader = new ChangeFeedReader(store, SETTINGS);
    assert.deepEqual(await reader.read(log.length, 10), {
      changes: [],
      nextAfter: log.length,
      head: log.length,
    });
    assert.deepEqual(await reader.read(log.length + 5, 10), {
      changes: [],
      nextAfter: log.length + 5,
      head: log.length,
    });
  });
});
