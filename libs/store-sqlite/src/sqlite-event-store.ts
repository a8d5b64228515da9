import Database from 'better-sqlite3';
import {
  AppendRequest,
  AppendResult,
  ClaimConflict,
  ClaimScope,
  ConcurrencyConflict,
  EventStore,
} from '@registry/application/ports';
import { EventEnvelope } from '@registry/domain/entry';

/** How long the first append of a group waits for others before the commit (milliseconds). */
const GROUP_COMMIT_WINDOW_MS = 1;
/** A group this large commits without waiting out the window. */
const GROUP_COMMIT_MAX = 64;

interface QueuedAppend {
  request: AppendRequest;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  occurred_at: string;
  actor: string;
  data: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  stream_version INTEGER NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  occurred_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (stream_id, stream_version)
);
CREATE TABLE IF NOT EXISTS claims (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  stream_id TEXT NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
`;

/**
 * The embedded event store: SQLite in WAL mode with synchronous=FULL, so an append is on disk before
 * its promise resolves. Appends that arrive in the same turn of the event loop share one transaction
 * (group commit); each runs in its own savepoint, so one refused append does not undo the others.
 * Positions are the rowid: gap-free, because a rolled-back savepoint gives its rowids back.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(lastPosition: number, committed: EventEnvelope[]) => void>();
  private readonly stmts;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    this.stmts = {
      streamVersion: this.db.prepare<[string], { v: number | null }>(
        'SELECT MAX(stream_version) AS v FROM events WHERE stream_id = ?',
      ),
      insert: this.db.prepare(
        `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, occurred_at, actor, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      claimHolder: this.db.prepare<[string, string], { stream_id: string }>(
        'SELECT stream_id FROM claims WHERE scope = ? AND key = ?',
      ),
      claim: this.db.prepare('INSERT INTO claims (scope, key, stream_id) VALUES (?, ?, ?)'),
      release: this.db.prepare('DELETE FROM claims WHERE scope = ? AND key = ? AND stream_id = ?'),
      readStream: this.db.prepare<[string, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND stream_version > ? ORDER BY stream_version',
      ),
      readFrom: this.db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      head: this.db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events'),
    };
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // One fsync for every append that arrives meanwhile: concurrent writers reach append() over
        // several turns of the event loop (token, validation, entry load), so waiting a moment lets
        // a commit carry many of them. A full queue flushes at once.
        this.flushTimer = setTimeout(() => this.flush(), GROUP_COMMIT_WINDOW_MS);
      } else if (this.queue.length >= GROUP_COMMIT_MAX) {
        clearTimeout(this.flushTimer);
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Called after every commit with the new head position and the envelopes just committed, in
   * position order (in-process subscribers take them without reading them back).
   */
  onCommit(listener: (lastPosition: number, committed: EventEnvelope[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private flush(): void {
    if (this.queue.length === 0) return;
    clearTimeout(this.flushTimer);
    const batch = this.queue;
    this.queue = [];
    this.flushScheduled = false;
    const outcomes: Array<{ ok: true; result: AppendResult } | { ok: false; error: unknown }> = [];
    const appendOne = this.db.transaction((req: AppendRequest) => this.appendInTransaction(req));
    try {
      // IMMEDIATE takes the write lock up front, so a writer in another process (the CLI's import)
      // makes this wait on busy_timeout instead of failing when a read lock would need upgrading.
      this.db
        .transaction(() => {
          for (const item of batch) {
            try {
              outcomes.push({ ok: true, result: appendOne(item.request) });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is durable.
      for (const item of batch) item.reject(error);
      return;
    }
    let last = 0;
    const committed: EventEnvelope[] = [];
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) {
        last = Math.max(last, outcome.result.lastPosition);
        committed.push(...outcome.result.events);
        item.resolve(outcome.result);
      } else {
        item.reject(outcome.error);
      }
    });
    if (last > 0) for (const listener of this.listeners) listener(last, committed);
  }

  private appendInTransaction(req: AppendRequest): AppendResult {
    const actual = this.stmts.streamVersion.get(req.streamId)?.v ?? 0;
    if (actual !== req.expectedVersion)
      throw new ConcurrencyConflict(req.streamId, req.expectedVersion, actual);
    for (const change of req.claims ?? []) {
      const holder = this.stmts.claimHolder.get(change.scope, change.key)?.stream_id;
      if (change.op === 'claim' || change.op === 'claim-if-free') {
        if (holder === undefined) this.stmts.claim.run(change.scope, change.key, req.streamId);
        else if (holder !== req.streamId && change.op === 'claim') {
          throw new ClaimConflict(change.scope, change.key, holder);
        }
      } else if (holder === req.streamId) {
        this.stmts.release.run(change.scope, change.key, req.streamId);
      }
    }
    const events: EventEnvelope[] = [];
    let version = actual;
    for (const e of req.events) {
      version += 1;
      const info = this.stmts.insert.run(
        e.eventId,
        req.streamId,
        version,
        e.type,
        e.schemaVersion,
        e.occurredAt,
        JSON.stringify(e.actor),
        JSON.stringify(e.data),
      );
      events.push({
        ...e,
        streamId: req.streamId,
        streamVersion: version,
        position: Number(info.lastInsertRowid),
      });
    }
    return { streamId: req.streamId, events, lastPosition: events.at(-1)?.position ?? 0 };
  }

  async readStream(streamId: string, afterVersion = 0): Promise<EventEnvelope[]> {
    return this.readStreamSync(streamId, afterVersion);
  }

  readStreamSync(streamId: string, afterVersion = 0): EventEnvelope[] {
    return this.stmts.readStream.all(streamId, afterVersion).map(toEnvelope);
  }

  async readFrom(afterPosition: number, limit: number): Promise<EventEnvelope[]> {
    return this.readFromSync(afterPosition, limit);
  }

  readFromSync(afterPosition: number, limit: number): EventEnvelope[] {
    return this.stmts.readFrom.all(afterPosition, limit).map(toEnvelope);
  }

  async headPosition(): Promise<number> {
    return this.headPositionSync();
  }

  headPositionSync(): number {
    return this.stmts.head.get()?.p ?? 0;
  }

  async claimHolder(scope: ClaimScope, key: string): Promise<string | undefined> {
    return this.stmts.claimHolder.get(scope, key)?.stream_id;
  }

  /** A trivial query, for health checks. */
  ping(): void {
    this.stmts.head.get();
  }

  async close(): Promise<void> {
    if (this.queue.length > 0) this.flush();
    this.db.close();
  }
}

function toEnvelope(row: EventRow): EventEnvelope {
  return {
    eventId: row.event_id,
    type: row.type as EventEnvelope['type'],
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: row.position,
    occurredAt: row.occurred_at,
    actor: JSON.parse(row.actor) as EventEnvelope['actor'],
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data) as EventEnvelope['data'],
  };
}
