import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PollingEventFeed } from '@registry/application/relay';
import { SqliteEventStore } from '@registry/store-sqlite';
import { eventFeedContract } from './event-feed.contract';

let dir: string | undefined;
let store: SqliteEventStore | undefined;
const opened = (): SqliteEventStore => store ?? (store = new SqliteEventStore(join(dir!, 'events.db')));

// The feed a MongoDB store without Kafka uses; any EventStore works under it, SQLite is the real one here.
eventFeedContract('polling tail of an event store (PollingEventFeed over SQLite)', {
  setUp: async () => {
    dir = mkdtempSync(join(tmpdir(), 'feed-polling-'));
    return undefined;
  },
  log: opened,
  feed: () => new PollingEventFeed(opened(), 50),
  dispose: async () => {
    await store?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  },
});
