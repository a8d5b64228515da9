import Database from 'better-sqlite3';
import type { ClaimChange } from '@registry/application/ports';
import { ErrorData, errorData } from './threads/error-data';

// This module runs inside the store's writer thread (threads/store-writer.worker.ts) as well as here.

export const EVENT_LOG_SCHEMA = `
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

/** Opens the event log file with the settings every connection to it uses. */
export function openEventLog(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  return db;
}

/**
 * One append as it crosses to the writer thread: the events' actor and data already JSON text, which
 * is what the log stores and what a thread boundary copies cheaply (a string is copied as bytes; an
 * object graph is walked and rebuilt, which cost more than the serialising it replaces).
 */
export interface WireAppend {
  streamId: string;
  expectedVersion: number;
  events: Array<{
    eventId: string;
    type: string;
    schemaVersion: number;
    occurredAt: string;
    actor: string;
    data: string;
  }>;
  claims?: ClaimChange[];
}

/** Why one append of a batch was refused; plain data, so it crosses the thread boundary. */
export type AppendRefusal =
  | { kind: 'concurrency'; streamId: string; expectedVersion: number; actualVersion: number }
  | { kind: 'claim'; scope: string; key: string; heldBy: string }
  | ({ kind: 'error' } & ErrorData);

/** The outcome of one append: where its events landed, or why it was refused (and rolled back). */
export type AppendOutcome =
  { ok: true; firstVersion: number; positions: number[] } | { ok: false; refusal: AppendRefusal };

class Refused extends Error {
  constructor(readonly refusal: AppendRefusal) {
    super(refusal.kind);
  }
}

/**
 * The event log's only writer: commits a batch of appends in one IMMEDIATE transaction (one fsync for
 * all of them), each in its own savepoint so one refused append does not undo the others. Positions
 * are the rowid: gap-free, because a rolled-back savepoint gives its rowids back.
 */
export class EventLogWriter {
  private readonly stmts;
  private readonly commitBatch: Database.Transaction<(requests: WireAppend[]) => AppendOutcome[]>;

  constructor(db: Database.Database) {
    this.stmts = {
      streamVersion: db.prepare<[string], { v: number | null }>(
        'SELECT MAX(stream_version) AS v FROM events WHERE stream_id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, occurred_at, actor, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      claimHolder: db.prepare<[string, string], { stream_id: string }>(
        'SELECT stream_id FROM claims WHERE scope = ? AND key = ?',
      ),
      claim: db.prepare('INSERT INTO claims (scope, key, stream_id) VALUES (?, ?, ?)'),
      release: db.prepare('DELETE FROM claims WHERE scope = ? AND key = ? AND stream_id = ?'),
    };
    const appendOne = db.transaction((req: WireAppend) => this.appendInTransaction(req));
    this.commitBatch = db.transaction((requests: WireAppend[]) =>
      requests.map((request): AppendOutcome => {
        try {
          return appendOne(request);
        } catch (error) {
          // SQLite rolls the whole transaction back by itself on some errors (disk full, I/O,
          // out of memory): then the batch fails as one, rather than the next appends committing
          // one by one outside it.
          if (!db.inTransaction) throw error;
          return { ok: false, refusal: refusalOf(error) };
        }
      }),
    );
  }

  /**
   * Commits the batch; returns one outcome per request, in order. Throws when the commit itself fails
   * (disk full, I/O error, lock timeout): then nothing of the batch is durable.
   */
  commit(requests: WireAppend[]): AppendOutcome[] {
    // IMMEDIATE takes the write lock up front, so a writer in another process (the CLI's import)
    // makes this wait on busy_timeout instead of failing when a read lock would need upgrading.
    return this.commitBatch.immediate(requests);
  }

  private appendInTransaction(req: WireAppend): AppendOutcome {
    const actual = this.stmts.streamVersion.get(req.streamId)?.v ?? 0;
    if (actual !== req.expectedVersion) {
      throw new Refused({
        kind: 'concurrency',
        streamId: req.streamId,
        expectedVersion: req.expectedVersion,
        actualVersion: actual,
      });
    }
    for (const change of req.claims ?? []) {
      const holder = this.stmts.claimHolder.get(change.scope, change.key)?.stream_id;
      if (change.op === 'claim' || change.op === 'claim-if-free') {
        if (holder === undefined) this.stmts.claim.run(change.scope, change.key, req.streamId);
        else if (holder !== req.streamId && change.op === 'claim') {
          throw new Refused({ kind: 'claim', scope: change.scope, key: change.key, heldBy: holder });
        }
      } else if (holder === req.streamId) {
        this.stmts.release.run(change.scope, change.key, req.streamId);
      }
    }
    const positions: number[] = [];
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
        e.actor,
        e.data,
      );
      positions.push(Number(info.lastInsertRowid));
    }
    return { ok: true, firstVersion: actual + 1, positions };
  }
}

function refusalOf(error: unknown): AppendRefusal {
  return error instanceof Refused ? error.refusal : { kind: 'error', ...errorData(error) };
}
