import { FeedBatch, FeedCheckpoint } from './event-feed.port';

export interface ServerListQuery {
  cursor?: string;
  limit: number;
  /** Case-insensitive substring of the server name. */
  search?: string;
  /** Only versions updated strictly after this instant (microseconds since the epoch). */
  updatedSinceMicros?: number;
  /** `latest` or an exact version. */
  version?: string;
  includeDeleted: boolean;
}

/** A page of pre-serialised ServerResponse JSON documents. */
export interface ServerPage {
  items: string[];
  nextCursor?: string;
}

/** Queries of the read model; every result is pre-serialised JSON, so reads never re-serialise. */
export interface ReadModel {
  listServers(query: ServerListQuery): Promise<ServerPage>;
  /** One version (`latest` for the flagged one); undefined when absent or hidden. */
  getVersion(name: string, version: string, includeDeleted: boolean): Promise<string | undefined>;
  /** Every version of a server, newest publish first. */
  listVersions(name: string, includeDeleted: boolean): Promise<string[]>;
  /** The latest version of the entry with that stable UUID. */
  getByServerId(serverId: string, includeDeleted: boolean): Promise<string | undefined>;
  /** The stream version the read model reflects for an entry (0 when unknown): read-your-writes. */
  streamVersion(streamId: string): Promise<number>;
}

/**
 * The writing side of a read model. Idempotent: an event is applied only when its stream version
 * is the entry's next one (re-deliveries are skipped; a gap is an error). The batch's checkpoint is
 * stored in the same transaction as the rows it produced.
 */
export interface ReadModelProjection {
  apply(batch: FeedBatch): Promise<void>;
  checkpoint(): Promise<FeedCheckpoint>;
}

export const READ_MODEL = Symbol('ReadModel');
export const READ_MODEL_PROJECTION = Symbol('ReadModelProjection');

/** Rebuilds the read model from position 0 beside the live one, then switches reads to it. */
export interface ReadModelRebuilder {
  rebuild(onProgress?: (position: number, head: number) => void): Promise<{ events: number }>;
  /** Drops the read model a rebuild switched away from (kept until then for rollback); names what it dropped. */
  dropPrevious(): Promise<string[]>;
}

export const READ_MODEL_REBUILDER = Symbol('ReadModelRebuilder');
