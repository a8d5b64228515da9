import { workerData } from 'node:worker_threads';
import type { EventEnvelope } from '@registry/domain/entry';
import { FeedBatch, LOG_SOURCE } from '@registry/application/ports';
import { AppendOutcome, EventLogWriter, WireAppend, openEventLog } from '../event-log-writer';
import { SqliteReadModel } from '../sqlite-read-model';
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
export type CommitProjection = { ok: true; position: number } | { ok: false; message: string };

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

function commit(appends: WireAppend[], projectTo: ReadModelTarget | undefined): CommitAnswer {
  const outcomes = writer.commit(appends);
  if (projectTo === undefined) return { outcomes };
  const batch = committedBatch(appends, outcomes);
  if (batch === undefined) return { outcomes };
  try {
    readModelAt(projectTo).applySync(batch);
    return { outcomes, projection: { ok: true, position: batch.checkpoint[LOG_SOURCE]! } };
  } catch (error) {
    return { outcomes, projection: { ok: false, message: errorData(error).message } };
  }
}

serveCalls<StoreWriterCall, CommitAnswer | null>(
  (call) => {
    if (call.kind === 'commit') return commit(call.appends, call.projectTo);
    readModelAt(call.target).applySync(JSON.parse(call.batch) as FeedBatch);
    return null;
  },
  () => {
    readModel?.close();
    db.close();
  },
);
