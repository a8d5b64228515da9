import { ServerStatus } from '@registry/domain/server-json/server-json';
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

/** Where a ranked search page ended: its last hit's score (the adapter's own scale), name and version. */
export interface SearchPosition {
  score: number;
  name: string;
  version: string;
}

/** A full-text search (see `@registry/application/search` for how text becomes words and cursors). */
export interface ServerSearchQuery {
  /** Words to find, all of them, in the name, title, description, package identifiers or remote hosts. */
  words: string[];
  limit: number;
  /** The page after this position in the ranking (decoded from the previous page's nextCursor). */
  after?: SearchPosition;
  includeDeleted: boolean;
  /** Only versions with this status (`deleted` shows deleted versions whatever includeDeleted says). */
  status?: ServerStatus;
  /** `latest`: each server's latest version; `all`: every version. */
  versions: 'latest' | 'all';
}

/** A page of pre-serialised ServerResponse JSON documents. */
export interface ServerPage {
  items: string[];
  nextCursor?: string;
}

/** Queries of the read model; every result is pre-serialised JSON, so reads never re-serialise. */
export interface ReadModel {
  listServers(query: ServerListQuery): Promise<ServerPage>;
  /**
   * Full-text search, best match first (ties by name, then version); `nextCursor` (opaque, see
   * encodeSearchCursor) only when the page is full, as for listServers.
   */
  searchServers(query: ServerSearchQuery): Promise<ServerPage>;
  /** One version (`latest` for the flagged one); undefined when absent or hidden. */
  getVersion(name: string, version: string, includeDeleted: boolean): Promise<string | undefined>;
  /** Every version of a server, newest publish first. */
  listVersions(name: string, includeDeleted: boolean): Promise<string[]>;
  /** The latest version of the entry with that stable UUID. */
  getByServerId(serverId: string, includeDeleted: boolean): Promise<string | undefined>;
  /** The stream version the read model reflects for an entry (0 when unknown): read-your-writes. */
  streamVersion(streamId: string): Promise<number>;
  /**
   * The name the entry last called `name` goes by now, when it was renamed and no entry has taken
   * `name` since (reads of the former name are redirected there); undefined otherwise.
   */
  renamedTo(name: string): Promise<string | undefined>;
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
