import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { benchServerName, syntheticServer } from '../dataset/synthetic-server';
import { announce } from './ready-signal';

/** What the insert loop reports: rows made durable per second, and the commit latency each row waited. */
export interface InsertLoopResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  rowBytes: number;
}

function envNumber(name: string): number {
  const n = Number(process.env[name]);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`${name} must be a number, got "${process.env[name] ?? ''}"`);
  return n;
}

/** A row like the event a publish appends: the version's server.json and its registry metadata. */
function eventData(k: number): string {
  const at = new Date(Date.UTC(2025, 0, 1) + k).toISOString();
  return JSON.stringify({
    versionId: randomUUID(),
    version: `3.${k}.0`,
    server: syntheticServer(benchServerName(k % 10_000, 'baseline'), `3.${k}.0`, k),
    status: 'active',
    publishedAt: at,
    updatedAt: at,
    statusChangedAt: at,
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/**
 * The publish baseline: a bare loop of durable SQLite inserts (WAL, synchronous=FULL, the event
 * table's shape and indexes), `BENCH_ROWS_PER_COMMIT` rows per transaction, for a fixed time after a
 * warm-up. With one row per commit it is the ceiling of one fsync per write; with several it is
 * what group commit can reach when that many writers share each fsync.
 */
function main(): void {
  const rowsPerCommit = Math.max(1, Math.floor(envNumber('BENCH_ROWS_PER_COMMIT')));
  const warmupMs = envNumber('BENCH_WARMUP_MS');
  const durationMs = envNumber('BENCH_DURATION_MS');
  const db = new Database(
    join(process.env.BENCH_DB_DIR ?? '.', `insert-loop-${rowsPerCommit}-${process.pid}.db`),
  );
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL, type TEXT NOT NULL, occurred_at TEXT NOT NULL, data TEXT NOT NULL,
    UNIQUE (stream_id, stream_version))`);
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream_id, stream_version, type, occurred_at, data) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // Rows are built before the clock starts: the baseline times the database, not JSON.stringify.
  const pool = Array.from({ length: 4_096 }, (_, k) => eventData(k));
  let k = 0;
  const commit = db.transaction((count: number) => {
    for (let i = 0; i < count; i++, k++) {
      insert.run(
        randomUUID(),
        `stream-${k % 10_000}`,
        k,
        'server.version.published',
        '2025-01-01T00:00:00Z',
        pool[k % pool.length],
      );
    }
  });

  const runFor = (ms: number, latencies?: number[]): { rows: number; seconds: number } => {
    const started = process.hrtime.bigint();
    const end = started + BigInt(Math.round(ms * 1e6));
    let rows = 0;
    for (let now = started; now < end;) {
      commit(rowsPerCommit);
      const after = process.hrtime.bigint();
      latencies?.push(Number(after - now) / 1e6);
      rows += rowsPerCommit;
      now = after;
    }
    return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };

  runFor(warmupMs);
  const latencies: number[] = [];
  const { rows, seconds } = runFor(durationMs, latencies);
  db.close();
  const sorted = Float64Array.from(latencies).sort();
  const result: InsertLoopResult = {
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    rowBytes: Math.round(pool.reduce((n, r) => n + r.length, 0) / pool.length),
  };
  announce(result);
}

main();
