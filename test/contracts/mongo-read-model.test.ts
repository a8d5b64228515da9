import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { EventEnvelope } from '@registry/domain/entry';
import {
  LiveMongoReadModel,
  MongoEventStore,
  MongoReadModel,
  MongoReadModelSets,
  collectionSetOf,
} from '@registry/store-mongo';
import { sampleLog } from '@test/support/event-log-builder';
import {
  dropDatabases,
  freshDatabaseName,
  mongoSkipReason,
  sharedMongo,
  stopSharedMongo,
} from '@test/support/engines/mongodb';
import { ProjectedReadModel, batchOf, dumpAll, readModelContract } from './read-model.contract';

// Not run on the development machines (no mongod there): see test/support/engines/mongodb.ts.
const NS = 'io.github.test-registry';
const skip = mongoSkipReason();
after(stopSharedMongo);

/** Clients and databases a suite made, so it can close and drop them all at the end. */
class Resources {
  private readonly clients: MongoClient[] = [];
  private readonly databases: string[] = [];

  async client(): Promise<MongoClient> {
    const client = await MongoClient.connect((await sharedMongo()).uri);
    this.clients.push(client);
    return client;
  }

  database(prefix: string): string {
    const name = freshDatabaseName(prefix);
    this.databases.push(name);
    return name;
  }

  async dispose(): Promise<void> {
    for (const client of this.clients) await client.close();
    await dropDatabases((await sharedMongo()).uri, this.databases);
  }
}

/** An event store holding `log` at the same positions (a fresh database numbers from 1). */
async function storeWith(
  client: MongoClient,
  database: string,
  log: EventEnvelope[],
): Promise<MongoEventStore> {
  const store = await MongoEventStore.open(client, database);
  for (const e of log) {
    await store.append({ streamId: e.streamId, expectedVersion: e.streamVersion - 1, events: [e] });
  }
  return store;
}

readModelContract('MongoDB (distributed)', () => {
  if (skip !== undefined) return skip;
  const resources = new Resources();
  let shared: MongoClient | undefined;
  const client = async () => (shared ??= await resources.client());
  return {
    open: async () =>
      MongoReadModel.open((await client()).db(resources.database('rm_contract')), {
        collectionSet: collectionSetOf(1),
        metaNamespace: NS,
      }),
    reopen: async (model: ProjectedReadModel) => {
      // A restart: a new connection to the same collection set.
      const { collections, collectionSet } = model as MongoReadModel;
      const restarted = await resources.client();
      return MongoReadModel.open(restarted.db(collections.db.databaseName), {
        collectionSet,
        metaNamespace: NS,
      });
    },
    rebuild: async (log) => {
      const c = await client();
      const store = await storeWith(c, resources.database('rm_log'), log);
      const sets = await MongoReadModelSets.open(c.db(resources.database('rm_sets')), NS, { batchSize: 4 });
      const live = await LiveMongoReadModel.open(sets);
      const emptySet = live.collectionSet;
      await live.rebuild(store);
      if (live.collectionSet === emptySet) throw new Error('rebuild did not switch to a new collection set');
      await store.close();
      return live;
    },
    close: async (model) => {
      if (model instanceof LiveMongoReadModel) model.close();
    },
    dispose: () => resources.dispose(),
  };
});

describe('MongoDB read model sets: replay beside the live set', () => {
  if (skip !== undefined) {
    it('the MongoDB-specific tests', { skip }, () => undefined);
    return;
  }
  const resources = new Resources();
  const log = sampleLog().events;
  const half = Math.floor(log.length / 2);
  let client: MongoClient;
  before(async () => {
    client = await resources.client();
  });
  after(() => resources.dispose());

  async function reference(): Promise<string[]> {
    const model = await MongoReadModel.open(client.db(resources.database('rm_ref')), {
      collectionSet: 'ref_',
      metaNamespace: NS,
    });
    await model.apply(batchOf(log));
    return dumpAll(model);
  }

  it('switches reads atomically, carries checkpoints over, and keeps the old set until dropped', async () => {
    const store = await storeWith(client, resources.database('rm_log'), log.slice(0, half));
    const db = client.db(resources.database('rm_sets'));
    const projector = await LiveMongoReadModel.open(await MongoReadModelSets.open(db, NS));
    const api = await LiveMongoReadModel.open(await MongoReadModelSets.open(db, NS));
    await projector.apply({ events: log.slice(0, half), checkpoint: { 'registry.events:0': 41 } });

    const progress: Array<[number, number]> = [];
    const sets = await MongoReadModelSets.open(db, NS, { batchSize: 2 });
    const result = await sets.rebuild(store, (position, head) => progress.push([position, head]));
    assert.equal(result.collectionSet, collectionSetOf(2));
    assert.equal(result.events, half);
    assert.deepEqual(progress.at(-1), [half, half], 'progress ends at the head');
    assert.ok(progress.length > 1, 'progress is reported per batch');

    assert.equal(
      api.collectionSet,
      collectionSetOf(1),
      'until it re-reads the pointer, the API serves set 1',
    );
    const served = await dumpAll(api);
    await api.refresh();
    assert.equal(api.collectionSet, collectionSetOf(2));
    assert.deepEqual(await dumpAll(api), served, 'the new set serves the same documents');
    assert.deepEqual(await api.checkpoint(), { log: half, 'registry.events:0': 41 });

    // The projector has not re-read the pointer: its next batch must land in set 2, not set 1.
    assert.equal(projector.collectionSet, collectionSetOf(1));
    await projector.apply({ events: log.slice(half), checkpoint: { 'registry.events:0': 42 } });
    assert.equal(projector.collectionSet, collectionSetOf(2));
    assert.deepEqual(await dumpAll(api), await reference());
    const last = log.at(-1)!.streamId;
    assert.equal(
      await (await sets.model(1)).streamVersion(last),
      log.slice(0, half).filter((e) => e.streamId === last).length,
      'set 1 got nothing after the switch',
    );

    assert.deepEqual((await sets.pointer()).previous, 1);
    assert.deepEqual(await sets.dropPrevious(), [collectionSetOf(1)]);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    assert.ok(!names.some((n) => n.startsWith(collectionSetOf(1))), 'set 1 is gone');
    assert.ok(names.includes(`${collectionSetOf(2)}versions`));
    assert.equal((await sets.pointer()).previous, null);
    projector.close();
    api.close();
  });
});
