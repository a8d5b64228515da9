import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MongoDeliveryStore } from '@registry/store-mongo';
import {
  dropDatabases,
  freshDatabaseName,
  mongoSkipReason,
  sharedMongo,
  stopSharedMongo,
} from '@test/support/engines/mongodb';
import { at, attempt, change } from './delivery-fixtures';
import { deliveryStoreContract } from './delivery-store.contract';

// Not run on the development machines (no mongod there): see test/support/engines/mongodb.ts.
const skip = mongoSkipReason();
after(stopSharedMongo);

deliveryStoreContract('MongoDB (distributed)', () => {
  if (skip !== undefined) return skip;
  const databases: string[] = [];
  return {
    // A database per test: `scheduled` and `backlog` see every subscription in the store.
    open: async () => {
      const database = freshDatabaseName('deliveries_contract');
      databases.push(database);
      return MongoDeliveryStore.connect((await sharedMongo()).uri, database);
    },
    reopen: async (store) => {
      await store.close();
      return MongoDeliveryStore.connect(
        (await sharedMongo()).uri,
        (store as MongoDeliveryStore).db.databaseName,
      );
    },
    dispose: async () => dropDatabases((await sharedMongo()).uri, databases),
  };
});

describe('MongoDeliveryStore on a replica set', () => {
  if (skip !== undefined) {
    it('the MongoDB-specific tests', { skip }, () => undefined);
    return;
  }
  const database = freshDatabaseName('deliveries_mongo');
  let one: MongoDeliveryStore;
  let two: MongoDeliveryStore;
  before(async () => {
    const { uri } = await sharedMongo();
    // Two clients: two connection pools, as two federation workers would have.
    one = await MongoDeliveryStore.connect(uri, database);
    two = await MongoDeliveryStore.connect(uri, database);
  });
  after(async () => {
    await one.close();
    await two.close();
    await dropDatabases((await sharedMongo()).uri, [database]);
  });

  it('never leaves a change held when the one before it finishes while it is added (no write skew)', async () => {
    for (let round = 0; round < 30; round++) {
      const lane = `entry-${round}`;
      const first = change('sub-race', lane, 1);
      const second = change('sub-race', lane, 2);
      await one.add([first], undefined, at(0));
      const [added, finished] = await Promise.all([
        one.add([second], undefined, at(1)),
        two.recordAttempt(first.deliveryId, attempt(1, 1, 'delivered'), { state: 'delivered' }, at(1)),
      ]);
      const scheduledByAdd = added.some((d) => d.deliveryId === second.deliveryId);
      const releasedByFinish = finished.released?.deliveryId === second.deliveryId;
      assert.equal((await two.get(second.deliveryId))?.state, 'scheduled', `round ${round}`);
      assert.ok(scheduledByAdd !== releasedByFinish, `round ${round}: made due exactly once`);
    }
  });

  it('releases a held change once when two workers record the same finishing attempt', async () => {
    for (let round = 0; round < 20; round++) {
      const lane = `twice-${round}`;
      const [first, second, third] = [1, 2, 3].map((n) => change('sub-twice', lane, n));
      await one.add([first!, second!, third!], undefined, at(0));
      const results = await Promise.all(
        [one, two].map((store) =>
          store.recordAttempt(first!.deliveryId, attempt(1, 1, 'delivered'), { state: 'delivered' }, at(1)),
        ),
      );
      assert.equal(results.filter((r) => r.released !== undefined).length, 1, `round ${round}`);
      assert.equal((await one.get(first!.deliveryId))?.attempts.length, 1, 'the attempt is recorded once');
      assert.equal((await one.get(third!.deliveryId))?.state, 'held');
    }
  });
});
