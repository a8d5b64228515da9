import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventFeed, SqliteEventStore } from '@registry/store-sqlite';
import { eventFeedContract } from './event-feed.contract';

let dir: string | undefined;
let store: SqliteEventStore | undefined;
const opened = (): SqliteEventStore => store ?? (store = new SqliteEventStore(join(dir!, 'events.db')));

eventFeedContract('SQLite log tail (embedded)', {
  setUp: async () => {
    dir = mkdtempSync(join(tmpdir(), 'feed-contract-'));
    return undefined;
  },
  log: opened,
  // A short poll: the embedded feed retries a failed batch on its next wake-up.
  feed: () => new SqliteEventFeed(opened(), 50),
  dispose: async () => {
    await store?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  },
});
