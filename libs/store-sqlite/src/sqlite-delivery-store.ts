import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  DeliveryAttempt,
  DeliveryListQuery,
  DeliveryNext,
  DeliveryPage,
  DeliveryRecord,
  DeliveryState,
  DeliveryStore,
  FINISHED_DELIVERY_STATES,
  FeedCheckpoint,
  NewDelivery,
  SubscriptionBacklog,
} from '@registry/application/ports';
import { DeliveryRow, Lane, SCHEMA, pick, readCursor, toRecord, writeCursor } from './sqlite-delivery-rows';

const FINISHED = new Set<DeliveryState>(FINISHED_DELIVERY_STATES);

/**
 * The federation worker's deliveries in their own SQLite file (e.g. `<dataDir>/federation.db`): they
 * are operational records, written far more often than the event log, and must not contend with it.
 * WAL with synchronous=NORMAL: a commit survives the process being killed (the WAL is written before
 * the promise resolves) but not a power loss, which would lose the last moments of attempts and
 * checkpoints. That costs only redeliveries, which receivers de-duplicate by `webhook-id`, while a
 * sync per attempt would cap delivery at the disk's commit rate (about 300/s measured, against 2,000
 * asked) and stall the event loop that serves publishes. Every write is one IMMEDIATE transaction, so
 * the hold/release rule (read the lane, then write) cannot interleave with another process.
 */
export class SqliteDeliveryStore implements DeliveryStore {
  private readonly db: Database.Database;
  private readonly q;
  /** Attempts waiting for the next batched transaction. */
  private readonly attempts: Array<{
    deliveryId: string;
    attempt: DeliveryAttempt;
    next: DeliveryNext;
    now: Date;
    resolve: (result: { record: DeliveryRecord; released?: DeliveryRecord }) => void;
    reject: (error: unknown) => void;
  }> = [];

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    const unfinished = `state IN ('held', 'scheduled')`;
    this.q = {
      byId: this.db.prepare<[string], DeliveryRow>('SELECT * FROM deliveries WHERE delivery_id = ?'),
      insert: this.db.prepare(
        `INSERT INTO deliveries (delivery_id, subscription_id, event_id, sequence, stream_id, type, name,
           state, attempts, next_attempt_at, created_at, updated_at)
         VALUES (@deliveryId, @subscriptionId, @eventId, @sequence, @streamId, @type, @name,
           @state, '[]', @nextAttemptAt, @createdAt, @createdAt)
         ON CONFLICT (delivery_id) DO NOTHING`,
      ),
      lowestUnfinished: this.db.prepare<Lane, { sequence: number | null }>(
        `SELECT min(sequence) AS sequence FROM deliveries
         WHERE subscription_id = ? AND stream_id = ? AND ${unfinished}`,
      ),
      lowestHeld: this.db.prepare<Lane, DeliveryRow>(
        `SELECT * FROM deliveries WHERE subscription_id = ? AND stream_id = ? AND state = 'held'
         ORDER BY sequence, id LIMIT 1`,
      ),
      scheduledBelow: this.db.prepare<[...Lane, number], { found: number }>(
        `SELECT 1 AS found FROM deliveries
         WHERE subscription_id = ? AND stream_id = ? AND state = 'scheduled' AND sequence < ? LIMIT 1`,
      ),
      update: this.db.prepare(
        `UPDATE deliveries SET state = @state, attempts = @attempts, next_attempt_at = @nextAttemptAt,
           updated_at = @updatedAt WHERE id = @id`,
      ),
      checkpoint: this.db.prepare<[], { source: string; position: number }>(
        'SELECT source, position FROM feed_checkpoint',
      ),
      // Only forward, as the read models' checkpoints: a late, re-delivered batch cannot rewind it.
      setCheckpoint: this.db.prepare(
        `INSERT INTO feed_checkpoint (source, position) VALUES (?, ?)
         ON CONFLICT (source) DO UPDATE SET position = max(position, excluded.position)`,
      ),
      page: this.db.prepare<[string, number, number, number], DeliveryRow>(
        `SELECT * FROM deliveries WHERE subscription_id = ? AND (sequence, id) < (?, ?)
         ORDER BY sequence DESC, id DESC LIMIT ?`,
      ),
      pageInState: this.db.prepare<[string, number, number, DeliveryState, number], DeliveryRow>(
        `SELECT * FROM deliveries WHERE subscription_id = ? AND (sequence, id) < (?, ?) AND state = ?
         ORDER BY sequence DESC, id DESC LIMIT ?`,
      ),
      due: this.db.prepare<[string, string, number], DeliveryRow>(
        `SELECT * FROM deliveries WHERE state = 'scheduled' AND (next_attempt_at, delivery_id) > (?, ?)
         ORDER BY next_attempt_at, delivery_id LIMIT ?`,
      ),
      // In steps, so a long backlog of history does not hold the file in one long transaction.
      prune: this.db.prepare(
        `DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries
           WHERE state IN ('delivered', 'dead', 'cancelled') AND updated_at < ? LIMIT 5000)`,
      ),
      cancel: this.db.prepare(
        `UPDATE deliveries SET state = 'cancelled', next_attempt_at = NULL, updated_at = ?
         WHERE subscription_id = ? AND ${unfinished}`,
      ),
      backlog: this.db.prepare<
        [],
        { subscription_id: string; unfinished: number; oldest: number | null; dead: number }
      >(
        `SELECT subscription_id, sum(${unfinished}) AS unfinished,
           min(CASE WHEN ${unfinished} THEN sequence END) AS oldest, sum(state = 'dead') AS dead
         FROM deliveries WHERE state IN ('held', 'scheduled', 'dead')
         GROUP BY subscription_id ORDER BY subscription_id`,
      ),
    };
  }

  async add(
    deliveries: NewDelivery[],
    checkpoint: FeedCheckpoint | undefined,
    now: Date,
  ): Promise<DeliveryRecord[]> {
    const createdAt = now.toISOString();
    const added = this.db.transaction(() => {
      const scheduled: DeliveryRecord[] = [];
      // In sequence order, so a batch of one entry's changes holds all but its first whatever its
      // order: each insert is seen by the next one's look at its lane, inside this transaction.
      for (const d of [...deliveries].sort((a, b) => a.sequence - b.sequence)) {
        const below = this.q.lowestUnfinished.get(d.subscriptionId, d.streamId)?.sequence ?? null;
        const state: DeliveryState = below !== null && below < d.sequence ? 'held' : 'scheduled';
        const nextAttemptAt = state === 'scheduled' ? createdAt : null;
        const { changes } = this.q.insert.run({ ...pick(d), state, nextAttemptAt, createdAt });
        // An id already stored (or twice in this call) is left as it is.
        if (changes === 0 || state === 'held') continue;
        scheduled.push({ ...pick(d), state, attempts: [], nextAttemptAt, createdAt, updatedAt: createdAt });
      }
      for (const [source, position] of Object.entries(checkpoint ?? {})) {
        this.q.setCheckpoint.run(source, position);
      }
      return scheduled;
    });
    return added.immediate();
  }

  async checkpoint(): Promise<FeedCheckpoint> {
    return Object.fromEntries(this.q.checkpoint.all().map((r) => [r.source, r.position]));
  }

  async get(deliveryId: string): Promise<DeliveryRecord | undefined> {
    const row = this.q.byId.get(deliveryId);
    return row === undefined ? undefined : toRecord(row);
  }

  async recordAttempt(
    deliveryId: string,
    attempt: DeliveryAttempt,
    next: DeliveryNext,
    now: Date,
  ): Promise<{ record: DeliveryRecord; released?: DeliveryRecord }> {
    return new Promise((resolve, reject) => {
      this.attempts.push({ deliveryId, attempt, next, now, resolve, reject });
      if (this.attempts.length === 1) setImmediate(() => this.recordAttempts());
    });
  }

  /**
   * Records the attempts that finished within one turn of the event loop in one transaction: at
   * 2,000 deliveries/s a transaction each was most of the serving thread's time. Each is applied in
   * turn (later ones see earlier ones' releases), and one that fails fails alone.
   */
  private recordAttempts(): void {
    type Recorded = { record: DeliveryRecord; released?: DeliveryRecord };
    const batch = this.attempts.splice(0);
    let outcomes: Array<{ ok: Recorded } | { error: unknown }>;
    try {
      outcomes = this.db
        .transaction(() =>
          batch.map((a): { ok: Recorded } | { error: unknown } => {
            try {
              return { ok: this.recordOne(a.deliveryId, a.attempt, a.next, a.now) };
            } catch (error) {
              return { error };
            }
          }),
        )
        .immediate();
    } catch (error) {
      // The transaction itself failed (the file is busy or gone): nothing of the batch was recorded.
      for (const a of batch) a.reject(error);
      return;
    }
    outcomes.forEach((outcome, k) => {
      if ('ok' in outcome) batch[k]!.resolve(outcome.ok);
      else batch[k]!.reject(outcome.error);
    });
  }

  private recordOne(
    deliveryId: string,
    attempt: DeliveryAttempt,
    next: DeliveryNext,
    now: Date,
  ): { record: DeliveryRecord; released?: DeliveryRecord } {
    const row = this.q.byId.get(deliveryId);
    if (row === undefined) throw new Error(`no delivery ${deliveryId} to record an attempt on`);
    const current = toRecord(row);
    if (FINISHED.has(current.state)) return { record: current };
    const updated: DeliveryRecord = {
      ...current,
      state: next.state,
      attempts: [...current.attempts, attempt],
      nextAttemptAt: next.state === 'scheduled' ? new Date(next.nextAttemptAt).toISOString() : null,
      updatedAt: now.toISOString(),
    };
    this.write(row.id, updated);
    if (!FINISHED.has(updated.state)) return { record: updated };
    const released = this.release(updated.subscriptionId, updated.streamId, now);
    return released === undefined ? { record: updated } : { record: updated, released };
  }

  async retryNow(deliveryId: string, now: Date): Promise<DeliveryRecord | undefined> {
    const retried = this.db.transaction(() => {
      const row = this.q.byId.get(deliveryId);
      if (row === undefined) return undefined;
      const current = toRecord(row);
      if (current.state === 'held' || current.state === 'cancelled') return current;
      const due: DeliveryRecord = {
        ...current,
        state: 'scheduled',
        nextAttemptAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      this.write(row.id, due);
      return due;
    });
    return retried.immediate();
  }

  async list(subscriptionId: string, query: DeliveryListQuery): Promise<DeliveryPage> {
    const [sequence, id] =
      query.cursor === undefined ? [Number.MAX_SAFE_INTEGER, 0] : readCursor(query.cursor);
    // One row more than asked tells whether there is a next page.
    const rows =
      query.state === undefined
        ? this.q.page.all(subscriptionId, sequence, id, query.limit + 1)
        : this.q.pageInState.all(subscriptionId, sequence, id, query.state, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return rows.length > query.limit && last !== undefined
      ? { items: page.map(toRecord), nextCursor: writeCursor(last.sequence, last.id) }
      : { items: page.map(toRecord) };
  }

  async scheduled(limit: number, afterDeliveryId?: string): Promise<DeliveryRecord[]> {
    // After a delivery no longer scheduled (it moved on between pages) the pages start again:
    // re-enqueueing a delivery by its id is harmless, skipping one is not.
    const after = afterDeliveryId === undefined ? undefined : this.q.byId.get(afterDeliveryId);
    const from: [string, string] =
      after?.state === 'scheduled' && after.next_attempt_at !== null
        ? [after.next_attempt_at, after.delivery_id]
        : ['', ''];
    return this.q.due.all(...from, limit).map(toRecord);
  }

  async cancelSubscription(subscriptionId: string, now: Date): Promise<number> {
    // Every unfinished delivery of the subscription goes, so there is nothing of it left to release.
    const cancel = this.db.transaction(() => this.q.cancel.run(now.toISOString(), subscriptionId).changes);
    return cancel.immediate();
  }

  async prune(finishedBefore: Date): Promise<number> {
    let pruned = 0;
    for (;;) {
      const step = this.db
        .transaction(() => this.q.prune.run(finishedBefore.toISOString()).changes)
        .immediate();
      pruned += step;
      if (step === 0) return pruned;
      // Each step yields to the event loop: deliveries go on between them.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async backlog(): Promise<SubscriptionBacklog[]> {
    return this.q.backlog.all().map((r) => ({
      subscriptionId: r.subscription_id,
      unfinished: r.unfinished,
      ...(r.oldest === null ? {} : { oldestUnfinishedSequence: r.oldest }),
      dead: r.dead,
    }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private write(id: number, record: DeliveryRecord): void {
    this.q.update.run({
      id,
      state: record.state,
      attempts: JSON.stringify(record.attempts),
      nextAttemptAt: record.nextAttemptAt,
      updatedAt: record.updatedAt,
    });
  }

  /**
   * After a delivery of the lane finished: its lowest held one becomes due now, unless a scheduled
   * one below it is still unfinished (a dead delivery retried by hand while later ones went on).
   */
  private release(subscriptionId: string, streamId: string, now: Date): DeliveryRecord | undefined {
    const held = this.q.lowestHeld.get(subscriptionId, streamId);
    if (held === undefined) return undefined;
    if (this.q.scheduledBelow.get(subscriptionId, streamId, held.sequence) !== undefined) return undefined;
    const due: DeliveryRecord = {
      ...toRecord(held),
      state: 'scheduled',
      nextAttemptAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    this.write(held.id, due);
    return due;
  }
}
