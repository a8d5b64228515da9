import { join } from 'node:path';
import { Logger } from '@nestjs/common';
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
import { AppendOutcome, AppendRefusal, EVENT_LOG_SCHEMA, WireAppend, openEventLog } from './event-log-writer';
import type { WrittenRow } from './sqlite-read-model';
import { errorData, errorFromData } from './threads/error-data';
import type {
  CommitAnswer,
  CommitProjection,
  ReadModelTarget,
  StoreWriterCall,
} from './threads/store-writer.worker';
import { WorkerClient } from './threads/worker-client';

/** At most this many appends go to the writer in one call; the rest in the next. */
const APPENDS_PER_CALL = 256;

interface QueuedAppend {
  request: AppendRequest;
  /** The request as it crosses to the writer (serialised when it is queued). */
  wire: WireAppend;
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

/**
 * A read model that each commit projects its own events into, in the writer thread (see
 * `projectCommitsInto`); LiveSqliteReadModel is one.
 */
export interface CommitProjectionTarget {
  /** Where the commit about to be sent projects: the file reads are served from at that moment. */
  projectionTarget(): ReadModelTarget;
  /**
   * A commit's events are in `target`'s file, its checkpoint at `position`, and `rows` are the rows
   * it wrote for this call's appends (told before the appends resolve).
   */
  projected(target: ReadModelTarget, position: number, rows: WrittenRow[]): void;
}

/**
 * The embedded event store: SQLite in WAL mode with synchronous=FULL, so an append is on disk before
 * its promise resolves.
 *
 * Appends are committed by a writer thread (threads/store-writer.worker.ts) that owns the writing
 * connection: the commit's fsync blocks that thread, not the event loop serving requests. The appends
 * of one turn of this event loop go to the writer in one call, at once; the writer commits every call
 * waiting for it in one transaction (group commit that grows with load: an append alone commits at
 * once, appends that arrive while a commit is under way share the next one's fsync, and the writer
 * never waits for this thread to hear of a commit before starting the next).
 * Reads use this thread's own connection; WAL lets them run beside the writer.
 */
export class SqliteEventStore implements EventStore {
  private readonly logger = new Logger('SqliteEventStore');
  private readonly db: Database.Database;
  private readonly writer: WorkerClient<StoreWriterCall, CommitAnswer | null>;
  private projection: CommitProjectionTarget | undefined;
  /** The last inline projection failed: said once, until one succeeds again. */
  private projectionFailing = false;
  private queue: QueuedAppend[] = [];
  /** Calls sent to the writer and not answered yet. */
  private inFlight = 0;
  private closing: Promise<void> | undefined;
  private readonly drained = new Set<() => void>();
  private readonly listeners = new Set<(lastPosition: number, committed: EventEnvelope[]) => void>();
  private readonly stmts;

  constructor(file: string) {
    this.db = openEventLog(file);
    this.db.exec(EVENT_LOG_SCHEMA);
    this.stmts = {
      claimHolder: this.db.prepare<[string, string], { stream_id: string }>(
        'SELECT stream_id FROM claims WHERE scope = ? AND key = ?',
      ),
      readStream: this.db.prepare<[string, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND stream_version > ? ORDER BY stream_version',
      ),
      readFrom: this.db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      head: this.db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events'),
      byEventId: this.db.prepare<[string], { position: number; stream_id: string; stream_version: number }>(
        'SELECT position, stream_id, stream_version FROM events WHERE event_id = ?',
      ),
    };
    this.writer = new WorkerClient(
      join(__dirname, 'threads', 'store-writer.worker.js'),
      { file },
      'store writer',
    );
  }

  /**
   * From now on each commit also projects its events into `target`'s read model, in the writer thread
   * and before the appends resolve (an inline projection): the read model's rows and checkpoint are
   * written in a transaction of their own right after the log's, so a crash between the two leaves
   * the read model behind its checkpoint, which the feed's projector catches up as it always does.
   * A projection that fails (the read model is behind the log) is left to that projector too.
   */
  projectCommitsInto(target: CommitProjectionTarget): void {
    this.projection = target;
  }

  /** Applies a feed batch to a read model file in the writer thread (see `projectCommitsInto`). */
  async projectBatch(target: ReadModelTarget, batch: string): Promise<void> {
    await this.writer.call({ kind: 'project', target, batch });
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      if (this.closing !== undefined) {
        reject(new Error('event store is closed'));
        return;
      }
      // Serialised here, so data that cannot be (a BigInt, a cycle) fails this append alone.
      this.queue.push({ request, wire: toWire(request), resolve, reject });
      // Appends made in the same turn of the event loop go together.
      if (this.queue.length === 1) setImmediate(() => this.commitQueued());
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

  private commitQueued(): void {
    while (this.queue.length > 0) this.send(this.queue.splice(0, APPENDS_PER_CALL));
    this.notifyIfDrained();
  }

  /** Tells those waiting for the queue to drain (close) once nothing is queued or in flight. */
  private notifyIfDrained(): void {
    if (this.inFlight === 0 && this.queue.length === 0) for (const done of this.drained) done();
  }

  private send(batch: QueuedAppend[]): void {
    this.inFlight += 1;
    const projectTo = this.projection?.projectionTarget();
    this.writer
      .call({ kind: 'commit', appends: batch.map((item) => item.wire), ...(projectTo ? { projectTo } : {}) })
      .then(
        (answer) => {
          // Never null for a commit; checked, as the answer's type covers both kinds of call.
          if (answer === null) throw new Error('the store writer answered a commit without outcomes');
          if (answer.projection !== undefined) this.noteProjection(answer.projection, projectTo);
          this.settle(batch, answer.outcomes);
        },
        (error: unknown) => this.settle(batch, this.reconcile(batch, error)),
      )
      .catch((error: unknown) => {
        // Settling itself failed: whoever is still waiting learns it (settled ones ignore this).
        for (const item of batch) item.reject(error);
      })
      .finally(() => {
        this.inFlight -= 1;
        this.notifyIfDrained();
      });
  }

  private noteProjection(projection: CommitProjection, target: ReadModelTarget | undefined): void {
    if (projection.ok) {
      if (target !== undefined) this.projection?.projected(target, projection.position, projection.rows);
      if (this.projectionFailing) this.logger.log('commits project into the read model again');
      this.projectionFailing = false;
    } else if (!this.projectionFailing) {
      this.projectionFailing = true;
      this.logger.warn(
        `a commit could not project into the read model (the projector catches up): ${projection.message}`,
      );
    }
  }

  /**
   * The outcomes of a batch whose commit did not answer: the commit failed (disk full, I/O error,
   * nothing of it is durable), or the writer thread died, maybe after the commit reached the disk.
   * The log says which: an append whose events are there succeeded, any other failed with `error`.
   */
  private reconcile(batch: QueuedAppend[], error: unknown): AppendOutcome[] {
    const failed: AppendOutcome = { ok: false, refusal: { kind: 'error', ...errorData(error) } };
    return batch.map((item): AppendOutcome => {
      try {
        const rows = item.request.events.map((e) => this.stmts.byEventId.get(e.eventId));
        if (rows.length === 0 || rows.some((r) => r === undefined || r.stream_id !== item.request.streamId))
          return failed;
        return {
          ok: true,
          firstVersion: rows[0]!.stream_version,
          positions: rows.map((r) => r!.position),
        };
      } catch {
        return failed;
      }
    });
  }

  private settle(batch: QueuedAppend[], outcomes: AppendOutcome[]): void {
    let last = 0;
    const committed: EventEnvelope[] = [];
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (!outcome.ok) {
        item.reject(errorOf(outcome.refusal));
        return;
      }
      const { request } = item;
      const events = request.events.map((e, k): EventEnvelope => ({
        ...e,
        streamId: request.streamId,
        streamVersion: outcome.firstVersion + k,
        position: outcome.positions[k]!,
      }));
      const lastPosition = events.at(-1)?.position ?? 0;
      last = Math.max(last, lastPosition);
      committed.push(...events);
      item.resolve({ streamId: request.streamId, events, lastPosition });
    });
    if (last === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(last, committed);
      } catch {
        // A subscriber's failure is its own; the next commit and the other subscribers go on.
      }
    }
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

  /** A trivial query, for health checks; fails once the writer thread has failed. */
  ping(): void {
    if (this.writer.failure !== undefined) throw this.writer.failure;
    this.stmts.head.get();
  }

  /** Commits what is queued, stops the writer thread and closes the files. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.drained.delete(done);
        resolve();
      };
      this.drained.add(done);
      this.commitQueued();
    });
    await this.writer.close();
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

function toWire(request: AppendRequest): WireAppend {
  return {
    streamId: request.streamId,
    expectedVersion: request.expectedVersion,
    events: request.events.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      occurredAt: e.occurredAt,
      actor: JSON.stringify(e.actor),
      data: JSON.stringify(e.data),
    })),
    ...(request.claims !== undefined ? { claims: request.claims } : {}),
  };
}

function errorOf(refusal: AppendRefusal): Error {
  switch (refusal.kind) {
    case 'concurrency':
      return new ConcurrencyConflict(refusal.streamId, refusal.expectedVersion, refusal.actualVersion);
    case 'claim':
      return new ClaimConflict(refusal.scope as ClaimScope, refusal.key, refusal.heldBy);
    case 'error':
      return errorFromData(refusal);
  }
}
