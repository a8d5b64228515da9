import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '@registry/application/ports';
import { SqliteEventStore } from '@registry/store-sqlite';
import { eventStoreContract } from './event-store.contract';

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
