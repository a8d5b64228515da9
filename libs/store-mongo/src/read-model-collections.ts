import { AnyBulkWriteOperation, Collection, Db, IndexDescription } from 'mongodb';
import { NamespaceStanding, PackageOwnership } from '@registry/domain/entry';
import { ServerStatus } from '@registry/domain/server-json/server-json';
import { SIMPLE_COLLATION, ensureCollection } from './majority-transaction';
import { SEARCH_INDEX, VersionSearchFields, versionSearchFields } from './read-model-search';

/** One server version as the read API serves it; `response` is the pre-rendered ServerResponse JSON. */
export interface VersionDocument {
  name: string;
  /** For the case-insensitive search (a regex without the `i` flag is cheaper). */
  nameLower: string;
  version: string;
  serverId: string;
  versionId: string;
  status: ServerStatus;
  statusMessage: string | null;
  statusChangedAt: string;
  publishedAt: string;
  publishedAtMicros: number;
  updatedAt: string;
  updatedAtMicros: number;
  isLatest: boolean;
  /** server.json as text, so an edit or status change re-renders `response` without re-serialising. */
  serverJson: string;
  /** The verifier's last package-ownership outcome, shown under the registry's own `_meta` key. */
  ownership: PackageOwnership | null;
  response: string;
  /** What the text index finds the version by (absent only on documents written before search existed). */
  search?: VersionSearchFields;
}

/** An entry (stream) the read model knows: its name and the last stream version applied. */
export interface StreamDocument {
  _id: string;
  name: string;
  version: number;
  /** The entry's namespace standing, which every version's response shows. */
  standing?: NamespaceStanding;
}

/** A name an entry was renamed away from: reads of it redirect to the entry's name now. */
export interface FormerNameDocument {
  _id: string;
  serverId: string;
}

/** Where the projection is in each feed source (`log`, `<topic>:<partition>`). */
export interface CheckpointDocument {
  _id: string;
  position: number;
}

/**
 * String keys compare byte-wise (simple collation), which is SQLite's BINARY order: the keyset
 * cursor `name:version` then pages identically on both stores.
 */
const VERSION_INDEX_KEYS: IndexDescription[] = [
  // list order, the keyset cursor, getVersion, and `name` lookups (latest by name, listVersions' filter)
  { name: 'list_order', key: { name: 1, version: 1 }, unique: true },
  // `version=latest` lists in list order without a sort
  { name: 'latest_list', key: { isLatest: 1, name: 1, version: 1 } },
  // listVersions: newest publish first
  { name: 'by_publish', key: { name: 1, publishedAtMicros: -1, version: -1 } },
  // search scans this small index instead of the documents
  { name: 'search', key: { nameLower: 1 } },
  { name: 'updated_since', key: { updatedAtMicros: 1 } },
  { name: 'server_id_latest', key: { serverId: 1, isLatest: 1 } },
];
const VERSION_INDEXES = VERSION_INDEX_KEYS.map((index) => ({ ...index, collation: SIMPLE_COLLATION }));

/** The collections of one read model build ("collection set"), named `<prefix>versions` and so on. */
export class ReadModelCollections {
  readonly versions: Collection<VersionDocument>;
  readonly streams: Collection<StreamDocument>;
  readonly checkpoints: Collection<CheckpointDocument>;
  readonly formerNames: Collection<FormerNameDocument>;

  constructor(
    readonly db: Db,
    readonly prefix: string,
  ) {
    this.versions = db.collection<VersionDocument>(`${prefix}versions`);
    this.streams = db.collection<StreamDocument>(`${prefix}streams`);
    this.checkpoints = db.collection<CheckpointDocument>(`${prefix}checkpoints`);
    this.formerNames = db.collection<FormerNameDocument>(`${prefix}former_names`);
  }

  get names(): string[] {
    return [this.versions, this.streams, this.checkpoints, this.formerNames].map((c) => c.collectionName);
  }

  /** Outside any transaction: creating collections and indexes inside one is restricted. */
  async ensure(): Promise<void> {
    await this.versions.createIndexes(VERSION_INDEXES);
    await this.versions.createIndexes([SEARCH_INDEX]);
    await this.addSearchFields();
    await ensureCollection(this.db, this.streams.collectionName);
    await ensureCollection(this.db, this.checkpoints.collectionName);
    await ensureCollection(this.db, this.formerNames.collectionName);
  }

  /**
   * Documents written before search existed get their search fields once; a document the projector
   * rewrote meanwhile has its own already, which the filter leaves alone.
   */
  private async addSearchFields(): Promise<void> {
    const missing = this.versions.find(
      { search: { $exists: false } },
      { projection: { _id: 1, name: 1, serverJson: 1 } },
    );
    let writes: AnyBulkWriteOperation<VersionDocument>[] = [];
    for await (const doc of missing) {
      writes.push({
        updateOne: {
          filter: { _id: doc._id, search: { $exists: false } },
          update: { $set: { search: versionSearchFields(doc.name, doc.serverJson) } },
        },
      });
      if (writes.length >= 1_000) {
        await this.versions.bulkWrite(writes, { ordered: false });
        writes = [];
      }
    }
    if (writes.length > 0) await this.versions.bulkWrite(writes, { ordered: false });
  }

  async drop(): Promise<void> {
    const existing = new Set(
      (await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name),
    );
    for (const name of this.names) if (existing.has(name)) await this.db.dropCollection(name);
  }
}
