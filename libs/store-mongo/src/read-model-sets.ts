import { Collection, Db } from 'mongodb';
import { EventStore, LOG_SOURCE, ReadModelRebuilder } from '@registry/application/ports';
import { inMajorityTransaction } from './majority-transaction';
import { ApplyFence, MongoReadModel } from './mongo-read-model';
import { ReadModelCollections } from './read-model-collections';

/** Which collection set reads use (`current`), the one kept for rollback (`previous`), the last number handed out. */
export interface ReadModelPointer {
  _id: string;
  current: number;
  previous: number | null;
  highest: number;
  /** Bumped by every fenced write; it is the write that makes the fence (see `fenceFor`). */
  writes: number;
}

const POINTER_ID = 'read-model';
const SET_NAME = /^rm_(\d+)_(?:versions|streams|checkpoints|former_names)$/;

export const collectionSetOf = (generation: number): string => `rm_${generation}_`;

/** The pointer moved to another set while a projector batch was about to be written to the old one. */
export class ReadModelSwitched extends Error {
  constructor(readonly current: number) {
    super(`reads switched to read model set ${collectionSetOf(current)}`);
    this.name = 'ReadModelSwitched';
  }
}

export interface RebuildResult {
  /** The last log position the new set reflects. */
  events: number;
  collectionSet: string;
}

/**
 * The read model's collection sets and the `read_model_pointer` document naming the live one. A
 * rebuild fills set N+1 from position 0 in batches while the API and the projector keep using set N,
 * then switches the pointer in one transaction. The old set stays until `dropPrevious` (rollback).
 *
 * Why no event is lost at the switch: every projector transaction into set N first writes the pointer
 * document (`fenceFor`), and the switch writes it too, so the two serialise (MongoDB detects
 * write-write conflicts only; these writes are the fence). A projector batch that committed into N
 * did so before the switch's snapshot, so its events were already in the log the switch reads to
 * catch set N+1 up in the same transaction; one that comes later conflicts, retries, finds the pointer
 * moved and is applied to N+1 instead. For the same reason N's checkpoints hold for N+1 and are copied
 * over, so a projector restarting after the switch resumes where it was.
 *
 * One rebuild at a time: two overlapping rebuilds each switch, the later wins, nothing is corrupted.
 */
export class MongoReadModelSets {
  private readonly pointers: Collection<ReadModelPointer>;

  private constructor(
    readonly db: Db,
    readonly metaNamespace: string,
    private readonly batchSize: number,
  ) {
    this.pointers = db.collection<ReadModelPointer>('read_model_pointer');
  }

  static async open(
    db: Db,
    metaNamespace: string,
    options: { batchSize?: number } = {},
  ): Promise<MongoReadModelSets> {
    const sets = new MongoReadModelSets(db, metaNamespace, options.batchSize ?? 1_000);
    await sets.pointers.updateOne(
      { _id: POINTER_ID },
      { $setOnInsert: { current: 1, previous: null, highest: 1, writes: 0 } },
      { upsert: true, writeConcern: { w: 'majority' } },
    );
    await sets.model((await sets.pointer()).current);
    return sets;
  }

  async pointer(): Promise<ReadModelPointer> {
    const pointer = await this.pointers.findOne({ _id: POINTER_ID });
    if (pointer === null)
      throw new Error('read_model_pointer is missing: open MongoReadModelSets to create it');
    return pointer;
  }

  model(generation: number): Promise<MongoReadModel> {
    return MongoReadModel.open(this.db, {
      collectionSet: collectionSetOf(generation),
      metaNamespace: this.metaNamespace,
    });
  }

  /** For projector writes into set `generation`: takes the fence, and refuses if reads moved on. */
  fenceFor(generation: number): ApplyFence {
    return async (session) => {
      const pointer = await this.pointers.findOneAndUpdate(
        { _id: POINTER_ID },
        { $inc: { writes: 1 } },
        { session, returnDocument: 'after' },
      );
      if (pointer === null) throw new Error('read_model_pointer is missing');
      if (pointer.current !== generation) throw new ReadModelSwitched(pointer.current);
    };
  }

  rebuilder(store: EventStore): ReadModelRebuilder {
    return {
      rebuild: (onProgress) => this.rebuild(store, onProgress),
      dropPrevious: () => this.dropPrevious(),
    };
  }

  /** Builds a new set from the whole log, then switches reads to it atomically. */
  async rebuild(
    store: EventStore,
    onProgress?: (position: number, head: number) => void,
  ): Promise<RebuildResult> {
    const numbered = await this.pointers.findOneAndUpdate(
      { _id: POINTER_ID },
      { $inc: { highest: 1 } },
      { returnDocument: 'after', writeConcern: { w: 'majority' } },
    );
    if (numbered === null) throw new Error('read_model_pointer is missing');
    const target = numbered.highest;
    await new ReadModelCollections(this.db, collectionSetOf(target)).drop();
    const next = await this.model(target);
    try {
      let position = 0;
      for (;;) {
        const head = await store.headPosition();
        const events = await store.readFrom(position, this.batchSize);
        if (events.length === 0) break;
        position = events.at(-1)!.position;
        await next.apply({ events, checkpoint: { [LOG_SOURCE]: position } });
        onProgress?.(position, head);
      }
      const switched = await inMajorityTransaction(this.db.client, async (session) => {
        const before = await this.pointers.findOne({ _id: POINTER_ID }, { session });
        if (before === null) throw new Error('read_model_pointer is missing');
        await this.pointers.updateOne(
          { _id: POINTER_ID },
          { $set: { current: target, previous: before.current }, $inc: { writes: 1 } },
          { session },
        );
        let at = position;
        for (let events = await store.readFrom(at, this.batchSize); events.length > 0;) {
          at = events.at(-1)!.position;
          await next.applyInSession(session, { events, checkpoint: { [LOG_SOURCE]: at } });
          events = await store.readFrom(at, this.batchSize);
        }
        const old = new ReadModelCollections(this.db, collectionSetOf(before.current));
        for (const c of await old.checkpoints.find({}, { session }).toArray()) {
          await next.collections.checkpoints.updateOne(
            { _id: c._id },
            { $max: { position: c.position } },
            { session, upsert: true },
          );
        }
        return { at, replaced: before.previous };
      });
      onProgress?.(switched.at, switched.at);
      // Like the embedded store: keep the set just replaced (rollback), drop the one before it.
      // Best effort: a set left behind here is an orphan that `dropPrevious` removes.
      if (switched.replaced !== null && switched.replaced !== target) {
        await new ReadModelCollections(this.db, collectionSetOf(switched.replaced))
          .drop()
          .catch(() => undefined);
      }
      return { events: switched.at, collectionSet: next.collectionSet };
    } catch (error: unknown) {
      const live = await this.pointer().then(
        (p) => p.current,
        () => target,
      );
      if (live !== target) await next.collections.drop().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Drops the set kept for rollback, and the sets of abandoned rebuilds (numbered below the highest,
   * neither current nor previous). Returns the prefixes dropped.
   */
  async dropPrevious(): Promise<string[]> {
    const pointer = await this.pointer();
    if (pointer.previous !== null) {
      const res = await this.pointers.updateOne(
        { _id: POINTER_ID, current: pointer.current, previous: pointer.previous },
        { $set: { previous: null } },
        { writeConcern: { w: 'majority' } },
      );
      if (res.modifiedCount === 0)
        throw new Error('the read model pointer moved meanwhile: run the command again');
    }
    const names = (await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const generations = new Set(names.map((n) => Number(SET_NAME.exec(n)?.[1] ?? NaN)).filter((g) => g > 0));
    const dropped: string[] = [];
    for (const g of [...generations].sort((a, b) => a - b)) {
      // The highest number may be a rebuild still running: never touch it.
      if (g === pointer.current || g >= pointer.highest) continue;
      await new ReadModelCollections(this.db, collectionSetOf(g)).drop();
      dropped.push(collectionSetOf(g));
    }
    return dropped;
  }
}
