import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AppendRequest, ClaimConflict, EventStore } from '@registry/application/ports';
import { MongoEventStore } from '@registry/store-mongo';
import {
  dropDatabases,
  freshDatabaseName,
  mongoSkipReason,
  sharedMongo,
  stopSharedMongo,
} from '@test/support/engines/mongodb';
import { eventStoreContract, pendingEvent } from './event-store.contract';

// Not run on the development machines (no mongod there): see test/support/engines/mongodb.ts.
const skip = mongoSkipReason();
after(stopSharedMongo);

eventStoreContract('MongoDB (distributed)', () => {
  if (skip !== undefined) return skip;
  const database = freshDatabaseName('es_contract');
  return {
    open: async () => MongoEventStore.connect((await sharedMongo()).uri, database),
    reopen: async (store: EventStore) => {
      await store.close();
      return MongoEventStore.connect((await sharedMongo()).uri, database);
    },
    dispose: async () => dropDatabases((await sharedMongo()).uri, [database]),
  };
});

const claiming = (streamId: string, key: string, events = [pendingEvent()]): AppendRequest => ({
  streamId,
  expectedVersion: 0,
  events,
  claims: [{ op: 'claim', scope: 'name', key }],
});

describe('MongoEventStore on a replica set', () => {
  if (skip !== undefined) {
    it('the MongoDB-specific tests', { skip }, () => undefined);
    return;
  }
  const database = freshDatabaseName('es_mongo');
  let one: MongoEventStore;
  let two: MongoEventStore;
  before(async () => {
    const { uri } = await sharedMongo();
    // Two clients: two connection pools, as two API replicas would have.
    one = await MongoEventStore.connect(uri, database);
    two = await MongoEventStore.connect(uri, database);
  });
  after(async () => {
    await one.close();
    await two.close();
    await dropDatabases((await sharedMongo()).uri, [database]);
  });

  it('lets exactly one of two appends racing on a claim from two connections win', async () => {
    for (let round = 0; round < 20; round++) {
      const key = `race-${randomUUID()}`;
      const [a, b] = [randomUUID(), randomUUID()];
      const head = await one.headPosition();
      const results = await Promise.allSettled([one.append(claiming(a, key)), two.append(claiming(b, key))]);
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1, `round ${round}: exactly one wins`);
      const winner = results[0]!.status === 'fulfilled' ? a : b;
      const loser = winner === a ? b : a;
      const lost = results.find((r) => r.status === 'rejected');
      assert.ok(lost?.status === 'rejected' && lost.reason instanceof ClaimConflict);
      assert.equal((lost.reason as ClaimConflict).heldBy, winner);
      assert.equal(await two.claimHolder('name', key), winner);
      assert.deepEqual(await one.readStream(loser), []);
      assert.equal(await one.headPosition(), head + 1, 'the loser took no position');
    }
  });

  it('hands out gap-free, unique positions to appends from two connections', async () => {
    const head = await one.headPosition();
    const appends = Array.from({ length: 40 }, (_, i) =>
      (i % 2 === 0 ? one : two).append({
        streamId: randomUUID(),
        expectedVersion: 0,
        events: [pendingEvent(), pendingEvent()],
      }),
    );
    const results = await Promise.all(appends);
    const positions = results.flatMap((r) => r.events.map((e) => e.position)).sort((x, y) => x - y);
    assert.deepEqual(
      positions,
      Array.from({ length: 80 }, (_, i) => head + 1 + i),
    );
    const read = await two.readFrom(head, 1_000);
    assert.deepEqual(
      read.map((e) => e.position),
      positions,
    );
    for (const r of results) {
      const mine = read.filter((e) => e.streamId === r.streamId);
      assert.deepEqual(
        mine.map((e) => e.streamVersion),
        [1, 2],
        'each stream in order',
      );
    }
  });

  it('leaves nothing of a transaction refused after it claimed and counted', async () => {
    const held = `held-${randomUUID()}`;
    const other = randomUUID();
    await one.append(claiming(other, held));
    const head = await one.headPosition();
    const free = `free-${randomUUID()}`;
    const refused = randomUUID();
    await assert.rejects(
      one.append({
        streamId: refused,
        expectedVersion: 0,
        events: [pendingEvent()],
        // The first claim is written before the second is refused.
        claims: [
          { op: 'claim', scope: 'name', key: free },
          { op: 'claim', scope: 'name', key: held },
        ],
      }),
      (e: unknown) => e instanceof ClaimConflict && e.heldBy === other,
    );
    assert.equal(await one.claimHolder('name', free), undefined, 'the first claim was rolled back');
    assert.deepEqual(await one.readStream(refused), []);
    assert.equal(await one.headPosition(), head);
    const next = await two.append({ streamId: randomUUID(), expectedVersion: 0, events: [pendingEvent()] });
    assert.equal(next.lastPosition, head + 1, 'the counter increment was rolled back too');
  });

  it('leaves nothing of a transaction the server aborts at its last write', async () => {
    const stored = pendingEvent();
    await one.append({ streamId: randomUUID(), expectedVersion: 0, events: [stored] });
    const head = await one.headPosition();
    const key = `dup-${randomUUID()}`;
    const refused = randomUUID();
    // Counter, version check and claim succeed; the insert of the events hits the eventId index.
    await assert.rejects(one.append(claiming(refused, key, [pendingEvent(), stored])));
    assert.equal(await one.claimHolder('name', key), undefined);
    assert.deepEqual(await one.readStream(refused), []);
    assert.equal(await one.headPosition(), head);
    const next = await two.append(claiming(refused, key));
    assert.equal(next.lastPosition, head + 1);
    assert.equal(await one.claimHolder('name', key), refused);
  });

  it('keeps the relay checkpoint beside the log, moving only forward', async () => {
    const relay = one.relayCheckpoint('test-relay');
    assert.equal(await relay.load(), 0);
    await relay.save(5);
    await relay.save(3);
    assert.equal(await two.relayCheckpoint('test-relay').load(), 5);
    assert.equal(await one.relayCheckpoint('another-relay').load(), 0);
  });
});
