import { ClientSession, Collection, Db, MongoClient, MongoClientOptions } from 'mongodb';
import {
  AppendRequest,
  AppendResult,
  ClaimChange,
  ClaimConflict,
  ClaimScope,
  ConcurrencyConflict,
  EventStore,
} from '@registry/application/ports';
import { EventEnvelope } from '@registry/domain/entry';
import { duplicateKeyIndex, ensureCollection, inMajorityTransaction } from './majority-transaction';
import { MongoRelayCheckpointStore } from './mongo-relay-checkpoint';

/**
 * One stored event. `actor` and `data` are JSON text, as in the SQLite log: server.json may hold keys
 * with `.` or a leading `$` (`$schema`, `_meta` namespaces) that BSON field names handle badly, and
 * text gives back exactly the object that was appended.
 */
interface EventDocument {
  position: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  actor: string;
  data: string;
}

interface CounterDocument {
  _id: string;
  value: number;
  appends: number;
}

interface ClaimDocument {
  scope: ClaimScope;
  key: string;
  streamId: string;
}

export const EVENT_INDEXES = [
  { name: 'stream_version_unique', key: { streamId: 1, streamVersion: 1 }, unique: true },
  { name: 'event_id_unique', key: { eventId: 1 }, unique: true },
  { name: 'position_unique', key: { position: 1 }, unique: true },
] as const;
export const CLAIM_INDEXES = [{ name: 'claim_unique', key: { scope: 1, key: 1 }, unique: true }] as const;
const KNOWN_INDEXES = [...EVENT_INDEXES, ...CLAIM_INDEXES];

const POSITION_COUNTER = 'position';
/** A duplicate on the stream or claim index means a stale read; a fresh transaction sees why. */
const DUPLICATE_RETRIES = 3;

/**
 * The distributed event store on a MongoDB replica set (transactions need one).
 *
 * Positions: the `counters` document `position` is incremented first thing in every append's
 * transaction. MongoDB detects only write-write conflicts, so this write is what serialises appends:
 * while one append's transaction holds it, any other that writes it gets a WriteConflict (retried by
 * `inMajorityTransaction`), and one whose snapshot predates another's commit conflicts too. So an
 * append that commits read the latest stream versions and claims (no write skew), aborted appends
 * give their positions back (gap-free), and positions commit in increasing order, which lets a
 * reader tailing `position > checkpoint` never miss an event that commits later with a lower one.
 *
 * Outbox: the `events` collection is the outbox. The relay tails `readFrom` (majority reads, so it
 * never publishes an event a failover could roll back) and keeps its place in `relay_checkpoint`.
 *
 * The unique indexes are the backstop behind those reads: a duplicate on the stream index becomes a
 * ConcurrencyConflict, on the claim index a ClaimConflict, each after re-deciding in a new transaction.
 */
export class MongoEventStore implements EventStore {
  private readonly events: Collection<EventDocument>;
  private readonly counters: Collection<CounterDocument>;
  private readonly claims: Collection<ClaimDocument>;
  /** In-process appends queue here: they would only conflict on the counter otherwise. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(lastPosition: number) => void>();

  private constructor(
    readonly db: Db,
    private readonly ownsClient: boolean,
  ) {
    // Collection-level concerns apply outside transactions only; inside, TRANSACTION_OPTIONS rule.
    this.events = db.collection<EventDocument>('events', { readConcern: { level: 'majority' } });
    this.counters = db.collection<CounterDocument>('counters');
    this.claims = db.collection<ClaimDocument>('claims');
  }

  /** Opens the store on a database of a connected client; `close()` leaves the client open. */
  static async open(client: MongoClient, database: string): Promise<MongoEventStore> {
    const store = new MongoEventStore(client.db(database), false);
    await store.ensureSchema();
    return store;
  }

  /** Connects its own client (closed by `close()`). */
  static async connect(
    uri: string,
    database: string,
    options: MongoClientOptions = {},
  ): Promise<MongoEventStore> {
    const client = await MongoClient.connect(uri, options);
    const store = new MongoEventStore(client.db(database), true);
    await store.ensureSchema();
    return store;
  }

  /** Indexes and the counter are created outside any transaction (DDL in transactions is limited). */
  private async ensureSchema(): Promise<void> {
    await this.events.createIndexes([...EVENT_INDEXES]);
    await this.claims.createIndexes([...CLAIM_INDEXES]);
    await ensureCollection(this.db, 'counters');
    await ensureCollection(this.db, 'relay_checkpoint');
    // Starts at the log's head, so a lost counter document cannot hand out taken positions.
    const head = await this.headPosition();
    await this.counters.updateOne(
      { _id: POSITION_COUNTER },
      { $setOnInsert: { value: head, appends: 0 } },
      { upsert: true, writeConcern: { w: 'majority' } },
    );
  }

  /** Where the outbox relay has got to, stored beside the log. */
  relayCheckpoint(relay = 'outbox-relay'): MongoRelayCheckpointStore {
    return new MongoRelayCheckpointStore(this.db, relay);
  }

  append(request: AppendRequest): Promise<AppendResult> {
    const result = this.tail.then(() => this.appendWithRetries(request));
    this.tail = result.catch(() => undefined);
    return result.then((appended) => {
      if (appended.lastPosition > 0) this.notify(appended.lastPosition);
      return appended;
    });
  }

  /** A listener's failure must not turn a committed append into a reported failure. */
  private notify(lastPosition: number): void {
    for (const listener of this.listeners) {
      try {
        listener(lastPosition);
      } catch {
        // the listener's own concern
      }
    }
  }

  /**
   * Called with the new head position after each append this process commits (wakes the outbox
   * relay at once); appends by other processes are found by the relay's polling.
   */
  onCommit(listener: (lastPosition: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async appendWithRetries(request: AppendRequest): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await inMajorityTransaction(this.db.client, (session) =>
          this.appendInTransaction(session, request),
        );
      } catch (error: unknown) {
        const index = duplicateKeyIndex(error, KNOWN_INDEXES);
        if (index === 'event_id_unique') {
          throw new Error(`an event of this append is already stored (duplicate eventId)`, { cause: error });
        }
        const stale = index === 'stream_version_unique' || index === 'claim_unique';
        if (!stale || attempt >= DUPLICATE_RETRIES) throw error;
      }
    }
  }

  private async appendInTransaction(session: ClientSession, req: AppendRequest): Promise<AppendResult> {
    const counter = await this.counters.findOneAndUpdate(
      { _id: POSITION_COUNTER },
      { $inc: { value: req.events.length, appends: 1 } },
      { session, returnDocument: 'after' },
    );
    if (counter === null) throw new Error('the counters document is missing: open the store to create it');
    const actual = await this.streamVersionIn(session, req.streamId);
    if (actual !== req.expectedVersion) {
      throw new ConcurrencyConflict(req.streamId, req.expectedVersion, actual);
    }
    for (const change of req.claims ?? []) await this.applyClaim(session, req.streamId, change);
    let position = counter.value - req.events.length;
    let version = actual;
    const events: EventEnvelope[] = req.events.map((e) => ({
      ...e,
      streamId: req.streamId,
      streamVersion: ++version,
      position: ++position,
    }));
    if (events.length > 0) {
      await this.events.insertMany(events.map(toDocument), { session, ordered: true });
    }
    return { streamId: req.streamId, events, lastPosition: events.at(-1)?.position ?? 0 };
  }

  private async streamVersionIn(session: ClientSession, streamId: string): Promise<number> {
    const last = await this.events.findOne(
      { streamId },
      { session, sort: { streamVersion: -1 }, projection: { streamVersion: 1 } },
    );
    return last?.streamVersion ?? 0;
  }

  /** Exactly the SQLite store's rules: claim, claim-if-free (leaves another's), release (own only). */
  private async applyClaim(session: ClientSession, streamId: string, change: ClaimChange): Promise<void> {
    const filter = { scope: change.scope, key: change.key };
    const holder = (await this.claims.findOne(filter, { session }))?.streamId;
    if (change.op === 'claim' || change.op === 'claim-if-free') {
      if (holder === undefined) await this.claims.insertOne({ ...filter, streamId }, { session });
      else if (holder !== streamId && change.op === 'claim') {
        throw new ClaimConflict(change.scope, change.key, holder);
      }
    } else if (holder === streamId) {
      await this.claims.deleteOne({ ...filter, streamId }, { session });
    }
  }

  async readStream(streamId: string, afterVersion = 0): Promise<EventEnvelope[]> {
    const docs = await this.events
      .find({ streamId, streamVersion: { $gt: afterVersion } })
      .sort({ streamVersion: 1 })
      .toArray();
    return docs.map(toEnvelope);
  }

  async readFrom(afterPosition: number, limit: number): Promise<EventEnvelope[]> {
    // limit(0) would mean "no limit" to MongoDB; SQLite's LIMIT 0 returns nothing.
    if (limit < 1) return [];
    const docs = await this.events
      .find({ position: { $gt: afterPosition } })
      .sort({ position: 1 })
      .limit(limit)
      .toArray();
    return docs.map(toEnvelope);
  }

  async headPosition(): Promise<number> {
    const last = await this.events.findOne({}, { sort: { position: -1 }, projection: { position: 1 } });
    return last?.position ?? 0;
  }

  async claimHolder(scope: ClaimScope, key: string): Promise<string | undefined> {
    return (await this.claims.findOne({ scope, key }))?.streamId;
  }

  async close(): Promise<void> {
    await this.tail;
    if (this.ownsClient) await this.db.client.close();
  }
}

function toDocument(e: EventEnvelope): EventDocument {
  return {
    position: e.position,
    eventId: e.eventId,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    type: e.type,
    schemaVersion: e.schemaVersion,
    occurredAt: e.occurredAt,
    actor: JSON.stringify(e.actor),
    data: JSON.stringify(e.data),
  };
}

function toEnvelope(doc: EventDocument): EventEnvelope {
  return {
    eventId: doc.eventId,
    type: doc.type as EventEnvelope['type'],
    streamId: doc.streamId,
    streamVersion: doc.streamVersion,
    position: doc.position,
    occurredAt: doc.occurredAt,
    actor: JSON.parse(doc.actor) as EventEnvelope['actor'],
    schemaVersion: doc.schemaVersion,
    data: JSON.parse(doc.data) as EventEnvelope['data'],
  };
}
