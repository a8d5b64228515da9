import Database from 'better-sqlite3';
import {
  FeedBatch,
  FeedCheckpoint,
  LOG_SOURCE,
  ReadModel,
  ReadModelProjection,
  ServerListQuery,
  ServerPage,
} from '@registry/application/ports';
import {
  EventEnvelope,
  LatestVersionChanged,
  OwnershipChecked,
  PackageOwnership,
  VersionEdited,
  VersionPublished,
  VersionStatusChanged,
  ownershipOf,
  renderServerResponse,
  rfc3339ToMicros,
} from '@registry/domain/entry';
import { ServerStatus } from '@registry/domain/server-json/server-json';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS streams (
  server_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL
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
  server_json TEXT NOT NULL,
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
  server_json: string;
  ownership: string | null;
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
  /**
   * Assembled pages by query. Cleared by every change this connection applies, and whenever SQLite's
   * data_version says another connection (a projector or CLI in another process) changed the file.
   */
  private readonly pageCache = new Map<string, ServerPage>();
  private cachedDataVersion = -1;
  /** Single versions by name and version (`latest` too); null remembers an absent one. */
  private readonly versionCache = new Map<string, { response: string; status: string } | null>();
  /** Versions changed by the batch being applied, rendered once at its end. */
  private readonly touched = new Map<string, Set<string>>();

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
    const cols =
      'name, version, server_id, version_id, status, status_message, status_changed_at, published_at, updated_at, is_latest, server_json, ownership';
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
      insertVersion: this.db.prepare(
        `INSERT OR REPLACE INTO server_versions (name, version, server_id, version_id, status, status_message,
           status_changed_at, published_at, published_at_us, updated_at, updated_at_us, is_latest, server_json, response)
         VALUES (@name, @version, @server_id, @version_id, @status, @status_message, @status_changed_at, @published_at,
           @published_at_us, @updated_at, @updated_at_us, @is_latest, @server_json, '')`,
      ),
      row: this.db.prepare<[string, string], VersionRow>(
        `SELECT ${cols} FROM server_versions WHERE name = ? AND version = ?`,
      ),
      setStatus: this.db.prepare(
        // SET expressions read the old row, so the CASE sees the status before this change.
        `UPDATE server_versions SET status_changed_at = CASE WHEN status != @status THEN @at ELSE status_changed_at END,
           status = @status, status_message = @message, updated_at = @at, updated_at_us = @micros
         WHERE name = @name AND version = @version`,
      ),
      setServer: this.db.prepare(
        'UPDATE server_versions SET server_json = ?, updated_at = ?, updated_at_us = ? WHERE name = ? AND version = ?',
      ),
      setOwnership: this.db.prepare(
        'UPDATE server_versions SET ownership = ? WHERE name = ? AND version = ?',
      ),
      setLatest: this.db.prepare('UPDATE server_versions SET is_latest = ? WHERE name = ? AND version = ?'),
      setResponse: this.db.prepare('UPDATE server_versions SET response = ? WHERE name = ? AND version = ?'),
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
  applySync(batch: FeedBatch): void {
    // IMMEDIATE: another process may project into the same file (see EventLogWriter.commit).
    const apply = this.db.transaction((b: FeedBatch) => {
      this.refuseLogGap(b);
      let any = false;
      for (const event of b.events) {
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
      // Each version the batch touched is rendered once, after all its events (a publish touches
      // a version up to three times: published, latest flag, the previous latest).
      for (const [name, versions] of this.touched) for (const version of versions) this.render(name, version);
      for (const [source, position] of Object.entries(b.checkpoint))
        this.q.setCheckpoint.run(source, position);
      return any;
    });
    let changed: boolean;
    try {
      changed = apply.immediate(batch);
    } finally {
      this.touched.clear();
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
        return;
      case 'server.version.published': {
        const d = event.data as VersionPublished['data'];
        const name = this.nameOf(event.streamId);
        this.q.insertVersion.run({
          name,
          version: d.version,
          server_id: event.streamId,
          version_id: d.versionId,
          status: d.status,
          status_message: d.statusMessage ?? null,
          status_changed_at: d.statusChangedAt,
          published_at: d.publishedAt,
          published_at_us: rfc3339ToMicros(d.publishedAt),
          updated_at: d.updatedAt,
          updated_at_us: rfc3339ToMicros(d.updatedAt),
          is_latest: 0,
          server_json: JSON.stringify(d.server),
        });
        this.touch(name, d.version);
        return;
      }
      case 'server.version.status-changed': {
        const d = event.data as VersionStatusChanged['data'];
        const name = this.nameOf(event.streamId);
        const micros = rfc3339ToMicros(d.changedAt);
        this.q.setStatus.run({
          status: d.status,
          message: d.statusMessage ?? null,
          at: d.changedAt,
          micros,
          name,
          version: d.version,
        });
        this.touch(name, d.version);
        return;
      }
      case 'server.version.edited': {
        const d = event.data as VersionEdited['data'];
        const name = this.nameOf(event.streamId);
        this.q.setServer.run(
          JSON.stringify(d.server),
          d.editedAt,
          rfc3339ToMicros(d.editedAt),
          name,
          d.version,
        );
        this.touch(name, d.version);
        return;
      }
      case 'server.version.ownership-checked': {
        const d = event.data as OwnershipChecked['data'];
        const name = this.nameOf(event.streamId);
        this.q.setOwnership.run(JSON.stringify(ownershipOf(d)), name, d.version);
        this.touch(name, d.version);
        return;
      }
      case 'server.latest-version.changed': {
        const d = event.data as LatestVersionChanged['data'];
        const name = this.nameOf(event.streamId);
        if (d.previous !== null) {
          this.q.setLatest.run(0, name, d.previous);
          this.touch(name, d.previous);
        }
        if (d.current !== null) {
          this.q.setLatest.run(1, name, d.current);
          this.touch(name, d.current);
        }
        return;
      }
      default:
        // Event types this projection does not show (future ones) still advance the checkpoint.
        return;
    }
  }

  private nameOf(serverId: string): string {
    const row = this.q.stream.get(serverId);
    if (row === undefined) throw new Error(`read model has no entry ${serverId}`);
    return row.name;
  }

  private touch(name: string, version: string): void {
    const versions = this.touched.get(name);
    if (versions === undefined) this.touched.set(name, new Set([version]));
    else versions.add(version);
  }

  private render(name: string, version: string): void {
    const row = this.q.row.get(name, version);
    if (row === undefined) return;
    const response = renderServerResponse(
      row.server_json,
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
      },
      this.metaNamespace,
    );
    this.q.setResponse.run(response, name, version);
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
