import { ClientSession, Collection, Db, MongoClient, MongoClientOptions, MongoServerError } from 'mongodb';
import {
  DeliveryAttempt,
  DeliveryListQuery,
  DeliveryNext,
  DeliveryPage,
  DeliveryRecord,
  DeliveryStore,
  FINISHED_DELIVERY_STATES,
  FeedCheckpoint,
  NewDelivery,
  SubscriptionBacklog,
} from '@registry/application/ports';
import {
  DELIVERY_INDEXES,
  DeliveryDocument,
  DeliveryOrderDocument,
  FeedCheckpointDocument,
  UNFINISHED_STATES,
  laneOf,
  newDocument,
  storedAttempt,
  toRecord,
} from './delivery-documents';
import {
  BACKLOG_PIPELINE,
  BacklogRow,
  DUE_ORDER,
  LIST_ORDER,
  dueFilter,
  listFilter,
  toBacklog,
  writeListCursor,
} from './delivery-queries';
import { DeliveryLanes } from './delivery-lanes';
import { DUPLICATE_KEY, ensureCollection, inMajorityTransaction } from './majority-transaction';

const FINISHED = new Set(FINISHED_DELIVERY_STATES);
/** A duplicate id means another worker added the same delivery meanwhile; a new transaction sees it. */
const DUPLICATE_RETRIES = 3;

/**
 * The federation worker's deliveries on a MongoDB replica set: `deliveries` (one document each, `_id`
 * = deliveryId), `delivery_order` (one fence per (subscription, entry)) and `federation_checkpoint`.
 *
 * Why transactions and fences: the hold rule reads a lane (is anything unfinished below?) and then
 * writes another document (the new delivery, or the released one). MongoDB transactions detect only
 * write-write conflicts, so two workers could each read the lane before the other's commit and both
 * commit: a delivery added as held while the one below it finishes would never be released (write
 * skew). Every transaction that applies the rule to a lane therefore first writes that lane's fence
 * document; two of them on one lane cannot both commit on the same snapshot (the loser gets a
 * WriteConflict, retried by `inMajorityTransaction` on a fresh snapshot). Deliveries of different
 * lanes never conflict. Commits are `majority`: a resolved promise survives the loss of the primary.
 */
export class MongoDeliveryStore implements DeliveryStore {
  private readonly deliveries: Collection<DeliveryDocument>;
  private readonly lanes: DeliveryLanes;
  private readonly checkpoints: Collection<FeedCheckpointDocument>;

  private constructor(
    readonly db: Db,
    private readonly ownsClient: boolean,
  ) {
    // Collection-level concerns apply outside transactions only; inside, TRANSACTION_OPTIONS rule.
    this.deliveries = db.collection<DeliveryDocument>('deliveries', { readConcern: { level: 'majority' } });
    this.lanes = new DeliveryLanes(this.deliveries, db.collection<DeliveryOrderDocument>('delivery_order'));
    this.checkpoints = db.collection<FeedCheckpointDocument>('federation_checkpoint', {
      readConcern: { level: 'majority' },
    });
  }

  /** Opens the store on a database of a connected client; `close()` leaves the client open. */
  static async open(db: Db): Promise<MongoDeliveryStore> {
    const store = new MongoDeliveryStore(db, false);
    await store.ensureSchema();
    return store;
  }

  /** Connects its own client (closed by `close()`). */
  static async connect(
    uri: string,
    database: string,
    options: MongoClientOptions = {},
  ): Promise<MongoDeliveryStore> {
    const client = await MongoClient.connect(uri, options);
    const store = new MongoDeliveryStore(client.db(database), true);
    await store.ensureSchema();
    return store;
  }

  /** Outside any transaction: DDL in transactions is limited. */
  private async ensureSchema(): Promise<void> {
    await this.deliveries.createIndexes(DELIVERY_INDEXES.map((i) => ({ ...i, key: { ...i.key } })));
    await ensureCollection(this.db, 'delivery_order');
    await ensureCollection(this.db, 'federation_checkpoint');
  }

  async add(
    deliveries: NewDelivery[],
    checkpoint: FeedCheckpoint | undefined,
    now: Date,
  ): Promise<DeliveryRecord[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction((session) => this.addIn(session, deliveries, checkpoint ?? {}, now));
      } catch (error: unknown) {
        const duplicate = error instanceof MongoServerError && error.code === DUPLICATE_KEY;
        if (!duplicate || attempt >= DUPLICATE_RETRIES) throw error;
      }
    }
  }

  private async addIn(
    session: ClientSession,
    deliveries: NewDelivery[],
    checkpoint: FeedCheckpoint,
    now: Date,
  ): Promise<DeliveryRecord[]> {
    const createdAt = now.toISOString();
    const stored = await this.deliveries
      .find({ _id: { $in: deliveries.map((d) => d.deliveryId) } }, { session, projection: { _id: 1 } })
      .toArray();
    const taken = new Set(stored.map((d) => d._id));
    // In sequence order, so a batch of one entry's changes holds all but its first whatever its order.
    const fresh: NewDelivery[] = [];
    for (const d of [...deliveries].sort((a, b) => a.sequence - b.sequence)) {
      if (taken.has(d.deliveryId)) continue;
      taken.add(d.deliveryId);
      fresh.push(d);
    }
    const lowest = await this.lanes.fenceAndReadLowest(session, fresh);
    const documents = fresh.map((d) => {
      const lane = laneOf(d);
      const below = lowest.get(lane);
      const held = below !== undefined && below < d.sequence;
      lowest.set(lane, below === undefined ? d.sequence : Math.min(below, d.sequence));
      return newDocument(d, held ? 'held' : 'scheduled', held ? null : createdAt, createdAt);
    });
    if (documents.length > 0) await this.deliveries.insertMany(documents, { session });
    const sources = Object.entries(checkpoint);
    if (sources.length > 0) {
      // `$max`: a late, re-delivered batch cannot rewind the checkpoint.
      await this.checkpoints.bulkWrite(
        sources.map(([source, position]) => ({
          updateOne: { filter: { _id: source }, update: { $max: { position } }, upsert: true },
        })),
        { session },
      );
    }
    return documents.filter((d) => d.state === 'scheduled').map(toRecord);
  }

  async checkpoint(): Promise<FeedCheckpoint> {
    const sources = await this.checkpoints.find({}).toArray();
    return Object.fromEntries(sources.map((s) => [s._id, s.position]));
  }

  async get(deliveryId: string): Promise<DeliveryRecord | undefined> {
    const doc = await this.deliveries.findOne({ _id: deliveryId });
    return doc === null ? undefined : toRecord(doc);
  }

  recordAttempt(
    deliveryId: string,
    attempt: DeliveryAttempt,
    next: DeliveryNext,
    now: Date,
  ): Promise<{ record: DeliveryRecord; released?: DeliveryRecord }> {
    return this.transaction(async (session) => {
      const doc = await this.deliveries.findOne({ _id: deliveryId }, { session });
      if (doc === null) throw new Error(`no delivery ${deliveryId} to record an attempt on`);
      if (FINISHED.has(doc.state)) return { record: toRecord(doc) };
      const recorded = storedAttempt(attempt);
      const updated: DeliveryDocument = {
        ...doc,
        state: next.state,
        attempts: [...doc.attempts, recorded],
        nextAttemptAt: next.state === 'scheduled' ? new Date(next.nextAttemptAt).toISOString() : null,
        updatedAt: now.toISOString(),
      };
      const finished = FINISHED.has(updated.state);
      if (finished) await this.lanes.fence(session, laneOf(doc));
      await this.deliveries.updateOne(
        { _id: deliveryId },
        {
          $push: { attempts: recorded },
          $set: { state: updated.state, nextAttemptAt: updated.nextAttemptAt, updatedAt: updated.updatedAt },
        },
        { session },
      );
      const released = finished ? await this.lanes.release(session, doc, now) : undefined;
      return released === undefined
        ? { record: toRecord(updated) }
        : { record: toRecord(updated), released: toRecord(released) };
    });
  }

  retryNow(deliveryId: string, now: Date): Promise<DeliveryRecord | undefined> {
    return this.transaction(async (session) => {
      const doc = await this.deliveries.findOne({ _id: deliveryId }, { session });
      if (doc === null) return undefined;
      if (doc.state === 'held' || doc.state === 'cancelled') return toRecord(doc);
      // A finished delivery scheduled again is unfinished once more: the lane's rule sees it.
      if (doc.state !== 'scheduled') await this.lanes.fence(session, laneOf(doc));
      const due = {
        state: 'scheduled' as const,
        nextAttemptAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await this.deliveries.updateOne({ _id: deliveryId }, { $set: due }, { session });
      return toRecord({ ...doc, ...due });
    });
  }

  async list(subscriptionId: string, query: DeliveryListQuery): Promise<DeliveryPage> {
    // One document more than asked tells whether there is a next page.
    const docs = await this.deliveries
      .find(listFilter(subscriptionId, query), { sort: LIST_ORDER, limit: query.limit + 1 })
      .toArray();
    const page = docs.slice(0, query.limit);
    const last = page.at(-1);
    return docs.length > query.limit && last !== undefined
      ? { items: page.map(toRecord), nextCursor: writeListCursor(last) }
      : { items: page.map(toRecord) };
  }

  async scheduled(limit: number, afterDeliveryId?: string): Promise<DeliveryRecord[]> {
    const after =
      afterDeliveryId === undefined ? null : await this.deliveries.findOne({ _id: afterDeliveryId });
    const docs = await this.deliveries.find(dueFilter(after), { sort: DUE_ORDER, limit }).toArray();
    return docs.map(toRecord);
  }

  async cancelSubscription(subscriptionId: string, now: Date): Promise<number> {
    // Not one transaction: a deleted subscription's backlog may be too large for one. Each pass
    // cancels what it finds; passes go on until one finds nothing, so a delivery released by a
    // worker's transaction while a pass ran is cancelled by the next. Nothing of this subscription
    // is left unfinished, hence nothing to release, and other subscriptions' lanes are not touched.
    let cancelled = 0;
    for (;;) {
      const pass = await this.deliveries.updateMany(
        { subscriptionId, state: { $in: UNFINISHED_STATES } },
        { $set: { state: 'cancelled', nextAttemptAt: null, updatedAt: now.toISOString() } },
        { writeConcern: { w: 'majority' } },
      );
      if (pass.modifiedCount === 0) return cancelled;
      cancelled += pass.modifiedCount;
    }
  }

  async prune(finishedBefore: Date): Promise<number> {
    // Finished deliveries are never written again (a retry by hand of a dead one takes it out of
    // the finished states first, in a transaction), so deleting them needs none.
    const { deletedCount } = await this.deliveries.deleteMany(
      {
        state: { $in: ['delivered', 'dead', 'cancelled'] },
        updatedAt: { $lt: finishedBefore.toISOString() },
      },
      { writeConcern: { w: 'majority' } },
    );
    return deletedCount;
  }

  async backlog(): Promise<SubscriptionBacklog[]> {
    return (await this.deliveries.aggregate<BacklogRow>(BACKLOG_PIPELINE).toArray()).map(toBacklog);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.db.client.close();
  }

  private transaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    return inMajorityTransaction(this.db.client, work);
  }
}
