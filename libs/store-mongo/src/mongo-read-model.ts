import { AnyBulkWriteOperation, ClientSession, Db, Filter } from 'mongodb';
import {
  FeedBatch,
  FeedCheckpoint,
  ReadModel,
  ReadModelProjection,
  ServerListQuery,
  ServerPage,
  ServerSearchQuery,
} from '@registry/application/ports';
import { encodeSearchCursor } from '@registry/application/search';
import { BatchProjection } from './batch-projection';
import { searchPipeline } from './read-model-search';
import { SIMPLE_COLLATION, inMajorityTransaction } from './majority-transaction';
import {
  FormerNameDocument,
  ReadModelCollections,
  StreamDocument,
  VersionDocument,
} from './read-model-collections';

export interface MongoReadModelOptions {
  /** Prefix of the collection set, e.g. `rm_3_` for `rm_3_versions`, `rm_3_streams`, `rm_3_checkpoints`. */
  collectionSet: string;
  /** The registry's own `_meta` namespace, rendered into every response. */
  metaNamespace: string;
}

/** Runs first inside an apply's transaction; throws to refuse it (see LiveMongoReadModel). */
export type ApplyFence = (session: ClientSession) => Promise<void>;

/**
 * The distributed read model: MongoDB collections of ServerResponse documents, each holding its
 * response JSON pre-rendered, so a list is one indexed query plus string concatenation. The same
 * contract and rules as the SQLite read model. `apply` runs in one majority transaction that also
 * stores the batch's checkpoint, so re-delivery is harmless and a refused batch leaves nothing.
 *
 * Unlike SQLite there is no page cache: other processes (the projector, a rebuild) write these
 * collections, and a cache here could not see their changes.
 */
export class MongoReadModel implements ReadModel, ReadModelProjection {
  private constructor(
    readonly collections: ReadModelCollections,
    private readonly metaNamespace: string,
  ) {}

  /** Opens (creating collections and indexes if need be) the collection set named by the prefix. */
  static async open(db: Db, options: MongoReadModelOptions): Promise<MongoReadModel> {
    const collections = new ReadModelCollections(db, options.collectionSet);
    await collections.ensure();
    return new MongoReadModel(collections, options.metaNamespace);
  }

  get collectionSet(): string {
    return this.collections.prefix;
  }

  // ---- projection -------------------------------------------------------------------------------

  apply(batch: FeedBatch): Promise<void> {
    return this.applyFenced(batch);
  }

  /** `apply`, with `fence` run first in the same transaction. */
  async applyFenced(batch: FeedBatch, fence?: ApplyFence): Promise<void> {
    await inMajorityTransaction(this.collections.db.client, async (session) => {
      if (fence !== undefined) await fence(session);
      await this.applyInSession(session, batch);
    });
  }

  /**
   * Applies each event whose stream version is its entry's next, skips re-deliveries, refuses gaps,
   * and stores the batch's checkpoint (`$max` per source), inside the caller's transaction.
   * Reads and writes are sequential: a transaction's operations must not run in parallel.
   */
  async applyInSession(session: ClientSession, batch: FeedBatch): Promise<void> {
    const { versions, streams, checkpoints, formerNames } = this.collections;
    const projection = new BatchProjection(this.metaNamespace);
    const ids = BatchProjection.streamIds(batch.events);
    if (ids.length > 0) projection.load(await streams.find({ _id: { $in: ids } }, { session }).toArray());
    const refs = projection.versionRefs(batch.events);
    if (refs.length > 0) {
      const found = await versions
        .find({ $or: refs }, { session, projection: { _id: 0 }, collation: SIMPLE_COLLATION })
        .toArray();
      projection.loadVersions(found);
    }
    const restated = BatchProjection.restatedServerIds(batch.events);
    if (restated.length > 0) {
      projection.loadVersions(
        await versions.find({ serverId: { $in: restated } }, { session, projection: { _id: 0 } }).toArray(),
      );
    }
    const renamed = BatchProjection.renamedServerIds(batch.events);
    if (renamed.length > 0) {
      projection.loadVersions(
        await versions.find({ serverId: { $in: renamed } }, { session, projection: { _id: 0 } }).toArray(),
      );
    }
    for (const event of batch.events) projection.apply(event);

    // Renamed versions leave their old key first: a later write of the batch may take that key again.
    const moved: AnyBulkWriteOperation<VersionDocument>[] = projection.versionsToDelete().map((v) => ({
      deleteOne: { filter: { name: v.name, version: v.version }, collation: SIMPLE_COLLATION },
    }));
    if (moved.length > 0) await versions.bulkWrite(moved, { session, ordered: true });

    const versionWrites: AnyBulkWriteOperation<VersionDocument>[] = projection.versionsToWrite().map((v) => ({
      replaceOne: {
        filter: { name: v.name, version: v.version },
        replacement: v,
        upsert: true,
        collation: SIMPLE_COLLATION,
      },
    }));
    if (versionWrites.length > 0) await versions.bulkWrite(versionWrites, { session, ordered: true });
    const streamWrites: AnyBulkWriteOperation<StreamDocument>[] = projection.streamsToWrite().map((s) => ({
      replaceOne: {
        filter: { _id: s._id },
        replacement: {
          name: s.name,
          version: s.version,
          ...(s.standing !== undefined ? { standing: s.standing } : {}),
        },
        upsert: true,
      },
    }));
    if (streamWrites.length > 0) await streams.bulkWrite(streamWrites, { session, ordered: true });
    const formerWrites: AnyBulkWriteOperation<FormerNameDocument>[] = projection
      .formerNamesToWrite()
      .map(({ name, serverId }) =>
        serverId === null
          ? { deleteOne: { filter: { _id: name } } }
          : { replaceOne: { filter: { _id: name }, replacement: { serverId }, upsert: true } },
      );
    if (formerWrites.length > 0) await formerNames.bulkWrite(formerWrites, { session, ordered: true });
    for (const [source, position] of Object.entries(batch.checkpoint)) {
      await checkpoints.updateOne({ _id: source }, { $max: { position } }, { session, upsert: true });
    }
  }

  async checkpoint(): Promise<FeedCheckpoint> {
    const docs = await this.collections.checkpoints.find().toArray();
    return Object.fromEntries(docs.map((d) => [d._id, d.position]));
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.collections.streams.findOne({ _id: streamId }))?.version ?? 0;
  }

  // ---- queries ----------------------------------------------------------------------------------

  async listServers(query: ServerListQuery): Promise<ServerPage> {
    // limit(0) would mean "no limit" to MongoDB; SQLite's LIMIT 0 returns nothing.
    if (query.limit < 1) return { items: [] };
    const and: Filter<VersionDocument>[] = [];
    if (!query.includeDeleted) and.push({ status: { $ne: 'deleted' } });
    if (query.search !== undefined && query.search !== '') {
      // A literal, case-insensitive substring (SQLite: LIKE with wildcards escaped).
      and.push({ nameLower: { $regex: escapeRegex(query.search.toLowerCase()) } });
    }
    if (query.updatedSinceMicros !== undefined) {
      and.push({ updatedAtMicros: { $gt: query.updatedSinceMicros } });
    }
    if (query.version === 'latest') and.push({ isLatest: true });
    else if (query.version !== undefined) and.push({ version: query.version });
    if (query.cursor !== undefined && query.cursor !== '') {
      const colon = query.cursor.indexOf(':');
      if (colon >= 0) {
        const name = query.cursor.slice(0, colon);
        const version = query.cursor.slice(colon + 1);
        and.push({ $or: [{ name: { $gt: name } }, { name, version: { $gt: version } }] });
      } else {
        and.push({ name: { $gt: query.cursor } });
      }
    }
    const rows = await this.collections.versions
      .find(and.length > 0 ? { $and: and } : {}, {
        projection: { _id: 0, name: 1, version: 1, response: 1 },
        sort: { name: 1, version: 1 },
        limit: query.limit,
        collation: SIMPLE_COLLATION,
      })
      .toArray();
    const last = rows.at(-1);
    return {
      items: rows.map((r) => r.response),
      ...(rows.length >= query.limit && last !== undefined
        ? { nextCursor: `${last.name}:${last.version}` }
        : {}),
    };
  }

  async searchServers(query: ServerSearchQuery): Promise<ServerPage> {
    if (query.limit < 1 || query.words.length === 0) return { items: [] };
    const rows = await this.collections.versions
      .aggregate<{ name: string; version: string; response: string; _score: number }>(searchPipeline(query), {
        collation: SIMPLE_COLLATION,
      })
      .toArray();
    const last = rows.at(-1);
    return {
      items: rows.map((r) => r.response),
      ...(rows.length >= query.limit && last !== undefined
        ? { nextCursor: encodeSearchCursor({ score: last._score, name: last.name, version: last.version }) }
        : {}),
    };
  }

  async getVersion(name: string, version: string, includeDeleted: boolean): Promise<string | undefined> {
    const filter: Filter<VersionDocument> =
      version === 'latest' ? { name, isLatest: true } : { name, version };
    return this.findResponse(filter, includeDeleted);
  }

  async listVersions(name: string, includeDeleted: boolean): Promise<string[]> {
    const rows = await this.collections.versions
      .find(includeDeleted ? { name } : { name, status: { $ne: 'deleted' } }, {
        projection: { _id: 0, response: 1 },
        sort: { publishedAtMicros: -1, version: -1 },
        collation: SIMPLE_COLLATION,
      })
      .toArray();
    return rows.map((r) => r.response);
  }

  async renamedTo(name: string): Promise<string | undefined> {
    const former = await this.collections.formerNames.findOne({ _id: name });
    if (former === null) return undefined;
    // An entry holding the name now wins, whatever order a partitioned feed applied the entries'
    // events in (a creation of the name may come before the rename that left it).
    const held = await this.collections.versions.findOne(
      { name },
      { projection: { _id: 1 }, collation: SIMPLE_COLLATION },
    );
    if (held !== null) return undefined;
    return (await this.collections.streams.findOne({ _id: former.serverId }))?.name;
  }

  async getByServerId(serverId: string, includeDeleted: boolean): Promise<string | undefined> {
    return this.findResponse({ serverId, isLatest: true }, includeDeleted);
  }

  /** The hidden check comes after the lookup, as in SQLite: a deleted latest hides, it does not fall back. */
  private async findResponse(
    filter: Filter<VersionDocument>,
    includeDeleted: boolean,
  ): Promise<string | undefined> {
    const row = await this.collections.versions.findOne(filter, {
      projection: { _id: 0, response: 1, status: 1 },
      collation: SIMPLE_COLLATION,
    });
    if (row === null || (!includeDeleted && row.status === 'deleted')) return undefined;
    return row.response;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
