import Database from 'better-sqlite3';
import {
  FeedBatch,
  FeedCheckpoint,
  LOG_SOURCE,
  ReadModel,
  ReadModelProjection,
  ServerListQuery,
  ServerPage,
  ServerSearchQuery,
} from '@registry/application/ports';
import {
  EntryRenamed,
  EventEnvelope,
  LatestVersionChanged,
  NamespaceStanding,
  NamespaceStandingChanged,
  OwnershipChecked,
  PackageOwnership,
  VersionEdited,
  VersionPublished,
  VersionStatusChanged,
  isServerEntryEventType,
  ownershipOf,
  statusChangeTimes,
  renderServerResponse,
  rfc3339ToMicros,
  renamedServerJsonText,
  serverJsonOfResponse,
} from '@registry/domain/entry';
import { ServerStatus } from '@registry/domain/server-json/server-json';
import { ReadModelRenames } from './read-model-renames';
import { ReadModelSearch } from './read-model-search';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS streams (
  server_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  standing TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS server_versions (
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  server_id TEXT NOT NULL,
  version_id TEXT NOT NULL,
  status TEXT NOT NULL,
  status_message TEXT,
  status_changed_at TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_at_us INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  updated_at_us INTEGER NOT NULL,
  is_latest INTEGER NOT NULL,
  ownership TEXT,
  response TEXT NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE INDEX IF NOT EXISTS server_versions_updated ON server_versions (updated_at_us);
CREATE INDEX IF NOT EXISTS server_versions_server_id ON server_versions (server_id, is_latest);
CREATE TABLE IF NOT EXISTS projection_checkpoint (
  source TEXT PRIMARY KEY,
  position INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** A version's row as the projection reads and writes it (the response is rendered from the rest). */
interface VersionRow {
  name: string;
  version: string;
  server_id: string;
  version_id: string;
  status: ServerStatus;
  status_message: string | null;
  status_changed_at: string;
  published_at: string;
  updated_at: string;
  is_latest: number;
  ownership: string | null;
}

/** A version's row as a batch wrote it: what a read of that version answers. */
export interface WrittenRow {
  serverId: string;
  name: string;
  version: string;
  status: string;
  response: string;
}

/** A row the batch being applied changed: written once, at the batch's end. */
interface PendingRow extends VersionRow {
  /** The server.json text, which the response embeds. */
  serverJson: string;
  /** Not in the file yet (inserted rather than updated). */
  inserted: boolean;
}

const PAGE_CACHE_SIZE = 256;
const VERSION_CACHE_SIZE = 4_096;

/**
 * The embedded read model: one SQLite file of ServerResponse rows, each holding its response JSON
 * pre-rendered, so a list is one indexed query plus string concatenation. The projection writes the
 * checkpoint in the same transaction as the rows, which makes re-delivery harmless. The file is
 * disposable: a rebuild writes a new one from the event log and reads switch over.
 */
export class SqliteReadModel implements ReadModel, ReadModelProjection {
  private readonly db: Database.Database;
  private readonly q;
  private readonly renames: ReadModelRenames;
  private readonly search: ReadModelSearch;
  /**
   * Assembled pages by query. Cleared by every change this connection applies, and whenever SQLite's
   * data_version says another connection (a projector or CLI in another process) changed the file.
   */
  private readonly pageCache = new Map<string, ServerPage>();
  private cachedDataVersion = -1;
  /** Single versions by name and version (`latest` too); null remembers an absent one. */
  private readonly versionCache = new Map<string, { response: string; status: string } | null>();
  /** Rows changed by the batch being applied, by name and version; rendered and written at its end. */
  private readonly pending = new Map<string, PendingRow>();
  /** Entries' namespace standings as the batch being applied has read or changed them. */
  private readonly standings = new Map<string, NamespaceStanding | undefined>();

  /** `mustExist`: open an existing file only (a projection thread must not recreate a pruned one). */
  constructor(
    readonly file: string,
    private readonly metaNamespace: string,
    options: { mustExist?: boolean } = {},
  ) {
    this.db = new Database(file, { fileMustExist: options.mustExist === true });
    this.db.pragma('journal_mode = WAL');
    // The read model is rebuilt from the log after a crash if need be: NORMAL keeps it consistent.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    dropServerJsonColumn(this.db);
    addStandingColumn(this.db);
    this.renames = new ReadModelRenames(this.db);
    this.search = new ReadModelSearch(this.db);
    const cols =
      'name, version, server_id, version_id, status, status_message, status_changed_at, published_at, updated_at, is_latest, ownership, response';
    this.q = {
      checkpoint: this.db.prepare<[], { source: string; position: number }>(
        'SELECT source, position FROM projection_checkpoint',
      ),
      setCheckpoint: this.db.prepare(
        `INSERT INTO projection_checkpoint (source, position) VALUES (?, ?)
         ON CONFLICT (source) DO UPDATE SET position = max(position, excluded.position)`,
      ),
      insertStream: this.db.prepare('INSERT INTO streams (server_id, name, version) VALUES (?, ?, 1)'),
      stream: this.db.prepare<[string], { name: string; version: number }>(
        'SELECT name, version FROM streams WHERE server_id = ?',
      ),
      setStreamVersion: this.db.prepare('UPDATE streams SET version = ? WHERE server_id = ?'),
      standing: this.db.prepare<[string], { standing: string | null }>(
        'SELECT standing FROM streams WHERE server_id = ?',
      ),
      setStanding: this.db.prepare('UPDATE streams SET standing = ? WHERE server_id = ?'),
      versionsOfServer: this.db.prepare<[string], { version: string }>(
        'SELECT version FROM server_versions WHERE server_id = ?',
      ),
      insertVersion: this.db.prepare(
        `INSERT OR REPLACE INTO server_versions (name, version, server_id, version_id, status, status_message,
           status_changed_at, published_at, published_at_us, updated_at, updated_at_us, is_latest, ownership, response)
         VALUES (@name, @version, @server_id, @version_id, @status, @status_message, @status_changed_at, @published_at,
           @published_at_us, @updated_at, @updated_at_us, @is_latest, @ownership, @response)`,
      ),
      updateVersion: this.db.prepare(
        `UPDATE server_versions SET status = @status, status_message = @status_message,
           status_changed_at = @status_changed_at, updated_at = @updated_at, updated_at_us = @updated_at_us,
           is_latest = @is_latest, ownership = @ownership, response = @response
         WHERE name = @name AND version = @version`,
      ),
      row: this.db.prepare<[string, string], VersionRow & { response: string }>(
        `SELECT ${cols} FROM server_versions WHERE name = ? AND version = ?`,
      ),
      dataVersion: this.db.prepare<[], { data_version: number }>('PRAGMA data_version'),
      getVersion: this.db.prepare<[string, string], { response: string; status: string }>(
        'SELECT response, status FROM server_versions WHERE name = ? AND version = ?',
      ),
      getLatest: this.db.prepare<[string], { response: string; status: string }>(
        'SELECT response, status FROM server_versions WHERE name = ? AND is_latest = 1',
      ),
      listVersions: this.db.prepare<[string], { response: string; status: string }>(
        'SELECT response, status FROM server_versions WHERE name = ? ORDER BY published_at_us DESC, version DESC',
      ),
      byServerId: this.db.prepare<[string], { response: string; status: string }>(
        'SELECT response, status FROM server_versions WHERE server_id = ? AND is_latest = 1',
      ),
    };
  }

  // ---- projection -------------------------------------------------------------------------------

  async apply(batch: FeedBatch): Promise<void> {
    this.applySync(batch);
  }

  /**
   * Applies each event whose stream version is its entry's next one, skips re-deliveries, refuses
   * gaps, and stores the batch's checkpoint, all in one transaction.
   */
  applySync(batch: FeedBatch, written?: (row: WrittenRow) => void): void {
    // IMMEDIATE: another process may project into the same file (see EventLogWriter.commit).
    const apply = this.db.transaction((b: FeedBatch) => {
      this.refuseLogGap(b);
      let any = false;
      for (const event of b.events) {
        // Other streams of the log (the subscription registry) are no server's; their stream
        // versions are not this projection's to check, but the checkpoint still moves past them.
        if (!isServerEntryEventType(event.type)) continue;
        const current = this.q.stream.get(event.streamId)?.version ?? 0;
        if (event.streamVersion <= current) continue; // re-delivery
        if (event.streamVersion !== current + 1) {
          throw new Error(
            `read model has ${event.streamId} at version ${current} and was handed version ${event.streamVersion}: a gap`,
          );
        }
        this.project(event);
        if (event.streamVersion > 1) this.q.setStreamVersion.run(event.streamVersion, event.streamId);
        any = true;
      }
      // Each row the batch changed is rendered and written once, after all its events (a publish
      // changes a version twice, published then latest, and the previous latest once).
      for (const row of this.pending.values()) {
        const response = this.write(row);
        written?.({
          serverId: row.server_id,
          name: row.name,
          version: row.version,
          status: row.status,
          response,
        });
      }
      this.search.batchWritten();
      for (const [source, position] of Object.entries(b.checkpoint))
        this.q.setCheckpoint.run(source, position);
      return any;
    });
    let changed: boolean;
    try {
      changed = apply.immediate(batch);
    } finally {
      this.pending.clear();
      this.standings.clear();
    }
    if (changed) {
      this.pageCache.clear();
      this.versionCache.clear();
    }
  }

  /**
   * A batch from the log must start at most one past this file's log checkpoint. A later start means
   * the sender's position came from elsewhere (another read model file, before a replay's switch):
   * refusing it makes the feed start again from this file's checkpoint instead of skipping events.
   */
  private refuseLogGap(batch: FeedBatch): void {
    const first = batch.events[0]?.position;
    if (batch.checkpoint[LOG_SOURCE] === undefined || first === undefined) return;
    const stored = this.checkpointSync()[LOG_SOURCE] ?? 0;
    if (first > stored + 1) {
      throw new Error(
        `read model ${this.file} is at log position ${stored} and was handed events from position ${first}: a gap`,
      );
    }
  }

  private project(event: EventEnvelope): void {
    switch (event.type) {
      case 'server.entry.created':
        this.q.insertStream.run(event.streamId, (event.data as { name: string }).name);
        this.renames.taken((event.data as { name: string }).name);
        return;
      case 'server.version.published': {
        const d = event.data as VersionPublished['data'];
        const name = this.nameOf(event.streamId);
        this.pending.set(rowKey(name, d.version), {
          name,
          version: d.version,
          server_id: event.streamId,
          version_id: d.versionId,
          status: d.status,
          status_message: d.statusMessage ?? null,
          status_changed_at: d.statusChangedAt,
          published_at: d.publishedAt,
          updated_at: d.updatedAt,
          is_latest: 0,
          ownership: null,
          serverJson: JSON.stringify(d.server),
          inserted: true,
        });
        return;
      }
      case 'server.version.status-changed': {
        const d = event.data as VersionStatusChanged['data'];
        const row = this.pendingRow(this.nameOf(event.streamId), d.version);
        if (row === undefined) return;
        const times = statusChangeTimes(row.status, row.status_changed_at, d);
        row.status_changed_at = times.statusChangedAt;
        row.updated_at = times.updatedAt;
        row.status = d.status;
        row.status_message = d.statusMessage ?? null;
        return;
      }
      case 'server.version.edited': {
        const d = event.data as VersionEdited['data'];
        const row = this.pendingRow(this.nameOf(event.streamId), d.version);
        if (row === undefined) return;
        row.serverJson = JSON.stringify(d.server);
        row.updated_at = d.editedAt;
        return;
      }
      case 'server.version.ownership-checked': {
        const d = event.data as OwnershipChecked['data'];
        const row = this.pendingRow(this.nameOf(event.streamId), d.version);
        if (row !== undefined) row.ownership = JSON.stringify(ownershipOf(d));
        return;
      }
      case 'server.latest-version.changed': {
        const d = event.data as LatestVersionChanged['data'];
        const name = this.nameOf(event.streamId);
        if (d.previous !== null) {
          const row = this.pendingRow(name, d.previous);
          if (row !== undefined) row.is_latest = 0;
        }
        if (d.current !== null) {
          const row = this.pendingRow(name, d.current);
          if (row !== undefined) row.is_latest = 1;
        }
        return;
      }
      case 'server.namespace-standing-changed': {
        const d = event.data as NamespaceStandingChanged['data'];
        this.q.setStanding.run(d.standing === null ? null : JSON.stringify(d.standing), event.streamId);
        this.standings.set(event.streamId, d.standing ?? undefined);
        // Every version shows the standing: each is rendered again at the batch's end.
        const name = this.nameOf(event.streamId);
        for (const { version } of this.q.versionsOfServer.all(event.streamId)) this.pendingRow(name, version);
        return;
      }
      case 'server.renamed':
        this.rename(event.streamId, event.data as EntryRenamed['data']);
        return;
      default:
        // Event types this projection does not show (future ones) still advance the checkpoint.
        return;
    }
  }

  /**
   * Moves every row of the entry to its new name, as the entry's fold does (the server.json's name,
   * updatedAt): each is deleted under the old name now and written under the new one at the batch's end.
   */
  private rename(serverId: string, d: EntryRenamed['data']): void {
    const from = this.nameOf(serverId);
    for (const version of this.renames.versionsOf(serverId)) this.pendingRow(from, version);
    for (const [key, row] of [...this.pending]) {
      if (row.server_id !== serverId) continue;
      this.pending.delete(key);
      if (!row.inserted) this.renames.deleteRow(row.name, row.version);
      row.name = d.name;
      row.serverJson = renamedServerJsonText(row.serverJson, d.name);
      row.updated_at = d.renamedAt;
      row.inserted = true;
      this.pending.set(rowKey(d.name, row.version), row);
    }
    this.renames.renamed(serverId, from, d.name);
  }

  private nameOf(serverId: string): string {
    const row = this.q.stream.get(serverId);
    if (row === undefined) throw new Error(`read model has no entry ${serverId}`);
    return row.name;
  }

  /** The row of a version as this batch has it so far: read from the file once, then changed in memory. */
  private pendingRow(name: string, version: string): PendingRow | undefined {
    const key = rowKey(name, version);
    const known = this.pending.get(key);
    if (known !== undefined) return known;
    const stored = this.q.row.get(name, version);
    if (stored === undefined) return undefined;
    const { response, ...row } = stored;
    const pending: PendingRow = { ...row, serverJson: serverJsonOfResponse(response), inserted: false };
    this.search.loaded(pending);
    this.pending.set(key, pending);
    return pending;
  }

  /** Renders the row's response and writes the row; returns the response. */
  private write(row: PendingRow): string {
    const response = renderServerResponse(
      row.serverJson,
      {
        status: row.status,
        statusChangedAt: row.status_changed_at,
        ...(row.status_message !== null ? { statusMessage: row.status_message } : {}),
        publishedAt: row.published_at,
        updatedAt: row.updated_at,
        isLatest: row.is_latest === 1,
      },
      {
        serverId: row.server_id,
        versionId: row.version_id,
        ...(row.ownership !== null
          ? { packageOwnership: JSON.parse(row.ownership) as PackageOwnership }
          : {}),
        ...this.standingMeta(row.server_id),
      },
      this.metaNamespace,
    );
    const { serverJson: _text, inserted, ...columns } = row;
    const values = { ...columns, updated_at_us: rfc3339ToMicros(row.updated_at), response };
    if (inserted) {
      const { lastInsertRowid } = this.q.insertVersion.run({
        ...values,
        published_at_us: rfc3339ToMicros(row.published_at),
      });
      this.search.inserted(Number(lastInsertRowid), row);
    } else {
      this.q.updateVersion.run(values);
      this.search.updated(row);
    }
    return response;
  }

  /** The entry meta's `namespace` for an entry, read once per batch. */
  private standingMeta(serverId: string): { namespace?: NamespaceStanding } {
    if (!this.standings.has(serverId)) {
      const text = this.q.standing.get(serverId)?.standing ?? null;
      this.standings.set(serverId, text === null ? undefined : (JSON.parse(text) as NamespaceStanding));
    }
    const standing = this.standings.get(serverId);
    return standing !== undefined ? { namespace: standing } : {};
  }

  async checkpoint(): Promise<FeedCheckpoint> {
    return this.checkpointSync();
  }

  checkpointSync(): FeedCheckpoint {
    return Object.fromEntries(this.q.checkpoint.all().map((r) => [r.source, r.position]));
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.q.stream.get(streamId)?.version ?? 0;
  }

  // ---- queries ----------------------------------------------------------------------------------

  async listServers(query: ServerListQuery): Promise<ServerPage> {
    return this.listServersSync(query);
  }

  /** Clears the caches when another connection (another process) changed the file. */
  private dropStaleCaches(): void {
    const dataVersion = this.q.dataVersion.get()!.data_version;
    if (dataVersion !== this.cachedDataVersion) {
      this.pageCache.clear();
      this.versionCache.clear();
      this.cachedDataVersion = dataVersion;
    }
  }

  listServersSync(query: ServerListQuery): ServerPage {
    this.dropStaleCaches();
    const key = JSON.stringify(query);
    const cached = this.pageCache.get(key);
    if (cached !== undefined) return cached;
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (!query.includeDeleted) where.push("status != 'deleted'");
    if (query.search !== undefined && query.search !== '') {
      where.push("name LIKE ? ESCAPE '\\'");
      args.push(`%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (query.updatedSinceMicros !== undefined) {
      where.push('updated_at_us > ?');
      args.push(query.updatedSinceMicros);
    }
    if (query.version === 'latest') where.push('is_latest = 1');
    else if (query.version !== undefined) {
      where.push('version = ?');
      args.push(query.version);
    }
    if (query.cursor !== undefined && query.cursor !== '') {
      const colon = query.cursor.indexOf(':');
      if (colon >= 0) {
        where.push('(name, version) > (?, ?)');
        args.push(query.cursor.slice(0, colon), query.cursor.slice(colon + 1));
      } else {
        where.push('name > ?');
        args.push(query.cursor);
      }
    }
    const sql =
      `SELECT name, version, response FROM server_versions` +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY name, version LIMIT ?`;
    args.push(query.limit);
    const rows = this.db
      .prepare<Array<string | number>, { name: string; version: string; response: string }>(sql)
      .all(...args);
    const last = rows.at(-1);
    const page: ServerPage = {
      items: rows.map((r) => r.response),
      ...(rows.length >= query.limit && last !== undefined
        ? { nextCursor: `${last.name}:${last.version}` }
        : {}),
    };
    if (this.pageCache.size >= PAGE_CACHE_SIZE) this.pageCache.delete(this.pageCache.keys().next().value!);
    this.pageCache.set(key, page);
    return page;
  }

  async searchServers(query: ServerSearchQuery): Promise<ServerPage> {
    return this.searchServersSync(query);
  }

  /** Ranked pages are cached like list pages, under keys of their own. */
  searchServersSync(query: ServerSearchQuery): ServerPage {
    this.dropStaleCaches();
    const key = `search:${JSON.stringify(query)}`;
    const cached = this.pageCache.get(key);
    if (cached !== undefined) return cached;
    const page = this.search.page(query);
    if (this.pageCache.size >= PAGE_CACHE_SIZE) this.pageCache.delete(this.pageCache.keys().next().value!);
    this.pageCache.set(key, page);
    return page;
  }

  async getVersion(name: string, version: string, includeDeleted: boolean): Promise<string | undefined> {
    this.dropStaleCaches();
    const key = `${name}\u0000${version}`;
    let row = this.versionCache.get(key);
    if (row === undefined) {
      row =
        (version === 'latest' ? this.q.getLatest.get(name) : this.q.getVersion.get(name, version)) ?? null;
      if (this.versionCache.size >= VERSION_CACHE_SIZE)
        this.versionCache.delete(this.versionCache.keys().next().value!);
      this.versionCache.set(key, row);
    }
    if (row === null || (!includeDeleted && row.status === 'deleted')) return undefined;
    return row.response;
  }

  async listVersions(name: string, includeDeleted: boolean): Promise<string[]> {
    return this.q.listVersions
      .all(name)
      .filter((r) => includeDeleted || r.status !== 'deleted')
      .map((r) => r.response);
  }

  async renamedTo(name: string): Promise<string | undefined> {
    return this.renames.renamedTo(name);
  }

  async getByServerId(serverId: string, includeDeleted: boolean): Promise<string | undefined> {
    const row = this.q.byServerId.get(serverId);
    if (row === undefined || (!includeDeleted && row.status === 'deleted')) return undefined;
    return row.response;
  }

  ping(): void {
    this.q.checkpoint.all();
  }

  close(): void {
    this.db.close();
  }
}

function rowKey(name: string, version: string): string {
  return `${name}\u0000${version}`;
}

/**
 * Files written before entries had a namespace standing lack its column: added on open, once (a
 * NULL standing is what those entries have, so no rebuild is needed).
 */
function addStandingColumn(db: Database.Database): void {
  const hasColumn = (): boolean =>
    db
      .prepare<[], { name: string }>('PRAGMA table_info(streams)')
      .all()
      .some((c) => c.name === 'standing');
  if (hasColumn()) return;
  db.transaction(() => {
    if (!hasColumn()) db.exec('ALTER TABLE streams ADD COLUMN standing TEXT');
  }).immediate();
}

/**
 * Files written before the response alone held the server.json had it in a column of its own too
 * (twice the bytes per row): dropped on open, once, by whichever connection gets there first.
 */
function dropServerJsonColumn(db: Database.Database): void {
  const hasColumn = (): boolean =>
    db
      .prepare<[], { name: string }>('PRAGMA table_info(server_versions)')
      .all()
      .some((c) => c.name === 'server_json');
  if (!hasColumn()) return;
  db.transaction(() => {
    if (hasColumn()) db.exec('ALTER TABLE server_versions DROP COLUMN server_json');
  }).immediate();
}
