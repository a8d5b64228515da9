import { workerData } from 'node:worker_threads';
import type { EventEnvelope } from '@registry/domain/entry';
import { FeedBatch, LOG_SOURCE } from '@registry/application/ports';
import { AppendOutcome, EventLogWriter, WireAppend, openEventLog } from '../event-log-writer';
import { SqliteReadModel, WrittenRow } from '../sqlite-read-model';
import { errorData } from './error-data';
import { serveCalls } from './worker-host';

// The embedded store's writer thread: the event log's only writer and, in a process that serves and
// projects (the all-in-one app), the read model's too. A commit's fsync blocks this thread instead of
// the event loop serving requests, and a commit can project its own events into the read model in the
// same call: one round trip between threads instead of three (commit, hand the events back, send
// them on to a projection thread), with the events still in hand, never read back.

/** A read model file to write to, with the `_meta` namespace its responses are rendered with. */
export interface ReadModelTarget {
  file: string;
  metaNamespace: string;
}

export type StoreWriterCall =
  /** Commit appends; with `projectTo`, then project the committed events into that read model. */
  | { kind: 'commit'; appends: WireAppend[]; projectTo?: ReadModelTarget }
  /** Apply a feed batch (JSON text, copied across as bytes) to a read model: catch-up, other processes' appends. */
  | { kind: 'project'; target: ReadModelTarget; batch: string };

/**
 * How projecting a commit's events went. The events are durable either way: a projection that failed
 * (the read model is behind, its file was switched away) leaves them to the feed's projector.
 */
export type CommitProjection =
  | {
      ok: true;
      position: number;
      /** The rows this call's appends changed, as written (read-your-writes answers from them). */
      rows: WrittenRow[];
    }
  | { ok: false; message: string };

export interface CommitAnswer {
  outcomes: AppendOutcome[];
  projection?: CommitProjection;
}

const db = openEventLog((workerData as { file: string }).file);
const writer = new EventLogWriter(db);
let readModel: SqliteReadModel | undefined;

/** The read model at `target`, opened once (and again when reads switch to another file). */
function readModelAt(target: ReadModelTarget): SqliteReadModel {
  if (readModel?.file !== target.file) {
    readModel?.close();
    readModel = undefined;
    // mustExist: the serving thread created it; a file pruned meanwhile must not come back empty.
    readModel = new SqliteReadModel(target.file, target.metaNamespace, { mustExist: true });
  }
  return readModel;
}

/** The committed appends' events as envelopes, in log order (positions are contiguous). */
function committedBatch(appends: WireAppend[], outcomes: AppendOutcome[]): FeedBatch | undefined {
  const events: EventEnvelope[] = [];
  appends.forEach((append, i) => {
    const outcome = outcomes[i]!;
    if (!outcome.ok) return;
    append.events.forEach((e, k) =>
      events.push({
        eventId: e.eventId,
        type: e.type as EventEnvelope['type'],
        streamId: append.streamId,
        streamVersion: outcome.firstVersion + k,
        position: outcome.positions[k]!,
        occurredAt: e.occurredAt,
        actor: JSON.parse(e.actor) as EventEnvelope['actor'],
        schemaVersion: e.schemaVersion,
        data: JSON.parse(e.data) as EventEnvelope['data'],
      }),
    );
  });
  const last = events.at(-1);
  return last === undefined ? undefined : { events, checkpoint: { [LOG_SOURCE]: last.position } };
}

/** Most commit calls one transaction takes (each carries the appends of one turn of the caller's loop). */
const MERGED_CALLS_MAX = 16;

/**
 * Commits the appends of every call in one transaction (one fsync), then projects their events;
 * answers each call with its own appends' outcomes. The projection goes to the newest call's read
 * model, the file reads were served from last.
 */
function commit(calls: Array<Extract<StoreWriterCall, { kind: 'commit' }>>): CommitAnswer[] {
  const appends = calls.length === 1 ? calls[0]!.appends : calls.flatMap((c) => c.appends);
  const outcomes = writer.commit(appends);
  const projectTo = calls.at(-1)!.projectTo;
  let failed: CommitProjection | undefined;
  let position: number | undefined;
  // Each written row goes back to the call whose appends changed it.
  const rows: WrittenRow[][] = calls.map(() => []);
  const callOfStream = new Map<string, number>();
  calls.forEach((call, i) => call.appends.forEach((a) => callOfStream.set(a.streamId, i)));
  const batch = projectTo === undefined ? undefined : committedBatch(appends, outcomes);
  if (projectTo !== undefined && batch !== undefined) {
    try {
      readModelAt(projectTo).applySync(batch, (row) => rows[callOfStream.get(row.serverId) ?? 0]!.push(row));
      position = batch.checkpoint[LOG_SOURCE]!;
    } catch (error) {
      failed = { ok: false, message: errorData(error).message };
    }
  }
  let from = 0;
  return calls.map((call, i) => {
    const own = outcomes.slice(from, from + call.appends.length);
    from += call.appends.length;
    if (failed !== undefined) return { outcomes: own, projection: failed };
    if (position === undefined) return { outcomes: own };
    return { outcomes: own, projection: { ok: true, position, rows: rows[i]! } };
  });
}

serveCalls<StoreWriterCall, CommitAnswer | null>(
  (call) => {
    if (call.kind === 'commit') return commit([call])[0]!;
    readModelAt(call.target).applySync(JSON.parse(call.batch) as FeedBatch);
    return null;
  },
  () => {
    readModel?.close();
    db.close();
  },
  {
    accepts: (call) => call.kind === 'commit',
    max: MERGED_CALLS_MAX,
    // Only commit calls are accepted, so each is one.
    answer: (calls) => commit(calls as Array<Extract<StoreWriterCall, { kind: 'commit' }>>),
  },
);
