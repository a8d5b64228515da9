import { DeliveryAttempt, DeliveryRecord, DeliveryState, NewDelivery } from '@registry/application/ports';

/**
 * One delivery a row; its attempts are a JSON array in the row. A worker records up to ~2,000
 * attempts a second, and one attempt is then one UPDATE of one row (plus its index entries) in one
 * small transaction; a child table would add an insert and an index entry per attempt and a join to
 * every read, while a delivery has only the few attempts of its retry schedule.
 *
 * `id` (the rowid) is the creation order: `list` pages on (sequence, id), both in the list index in
 * that order, so a page is read off the index without sorting.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  id INTEGER PRIMARY KEY,
  delivery_id TEXT NOT NULL UNIQUE,
  subscription_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  stream_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts TEXT NOT NULL,
  next_attempt_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_order ON deliveries (subscription_id, stream_id, state, sequence);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_attempt_at, delivery_id);
CREATE INDEX IF NOT EXISTS deliveries_list ON deliveries (subscription_id, sequence DESC, id DESC);
CREATE INDEX IF NOT EXISTS deliveries_finished ON deliveries (state, updated_at);
CREATE TABLE IF NOT EXISTS feed_checkpoint (
  source TEXT PRIMARY KEY,
  position INTEGER NOT NULL
) WITHOUT ROWID;
`;

export interface DeliveryRow {
  id: number;
  delivery_id: string;
  subscription_id: string;
  event_id: string;
  sequence: number;
  stream_id: string;
  type: string;
  name: string;
  state: DeliveryState;
  attempts: string;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

export type Lane = [subscriptionId: string, streamId: string];
/** Only the port's fields: a caller's object may carry more, and the record must not. */
export function pick(d: NewDelivery): NewDelivery {
  const { deliveryId, subscriptionId, eventId, sequence, streamId, type, name } = d;
  return { deliveryId, subscriptionId, eventId, sequence, streamId, type, name };
}

export function toRecord(r: DeliveryRow): DeliveryRecord {
  return {
    deliveryId: r.delivery_id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    sequence: r.sequence,
    streamId: r.stream_id,
    type: r.type,
    name: r.name,
    state: r.state,
    attempts: JSON.parse(r.attempts) as DeliveryAttempt[],
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function writeCursor(sequence: number, id: number): string {
  return Buffer.from(JSON.stringify([sequence, id])).toString('base64url');
}

export function readCursor(cursor: string): [number, number] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    parsed.every((n): n is number => Number.isSafeInteger(n))
  ) {
    return [parsed[0] as number, parsed[1] as number];
  }
  throw new Error('not a cursor of this delivery list');
}
