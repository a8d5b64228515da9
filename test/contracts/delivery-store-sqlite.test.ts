import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDeliveryStore } from '@registry/store-sqlite';
import { deliveryStoreContract } from './delivery-store.contract';

deliveryStoreContract('SQLite (embedded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deliveries-contract-'));
  let opened = 0;
  let file = '';
  return {
    // A file per test: `scheduled` and `backlog` see every subscription in the store.
    open: async () => {
      file = join(dir, `federation-${++opened}.db`);
      return new SqliteDeliveryStore(file);
    },
    reopen: async (store) => {
      await store.close();
      return new SqliteDeliveryStore(file);
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
