import { DeliveryAttempt, DeliveryRecord, DeliveryState, NewDelivery } from '@registry/application/ports';

/** One delivery; `_id` is its deliveryId. Attempts are embedded: a delivery has only a few. */
export interface DeliveryDocument {
  _id: string;
  subscriptionId: string;
  eventId: string;
  sequence: number;
  streamId: string;
  type: string;
  name: string;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  /** ISO text, as every date here: `toISOString` text sorts as the instants it names. */
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * One document per (subscription, entry) that has had a delivery: the fence every transaction that
 * applies the hold/release rule to that lane writes first (see MongoDeliveryStore).
 */
export interface DeliveryOrderDocument {
  _id: string;
  writes: number;
}

export interface FeedCheckpointDocument {
  /** The feed source (`log`, `registry.events:0`, ...): a key, never a field name, as it may hold dots. */
  _id: string;
  position: number;
}

export const DELIVERY_INDEXES = [
  // The hold/release rule: a lane's unfinished deliveries by sequence.
  { name: 'delivery_order', key: { subscriptionId: 1, streamId: 1, state: 1, sequence: 1 } },
  // `scheduled`: earliest due first, paged by id.
  { name: 'delivery_due', key: { state: 1, nextAttemptAt: 1, _id: 1 } },
  // `list`: newest first, the whole sort order in the index.
  { name: 'delivery_list', key: { subscriptionId: 1, sequence: -1, createdAt: -1, _id: -1 } },
  // `prune`: finished deliveries by age.
  { name: 'delivery_finished', key: { state: 1, updatedAt: 1 } },
] as const;

export const UNFINISHED_STATES: DeliveryState[] = ['held', 'scheduled'];

export function laneOf(d: { subscriptionId: string; streamId: string }): string {
  return JSON.stringify([d.subscriptionId, d.streamId]);
}

export function newDocument(
  d: NewDelivery,
  state: DeliveryState,
  nextAttemptAt: string | null,
  createdAt: string,
): DeliveryDocument {
  return {
    _id: d.deliveryId,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    sequence: d.sequence,
    streamId: d.streamId,
    type: d.type,
    name: d.name,
    state,
    attempts: [],
    nextAttemptAt,
    createdAt,
    updatedAt: createdAt,
  };
}

export function toRecord(doc: DeliveryDocument): DeliveryRecord {
  return {
    deliveryId: doc._id,
    subscriptionId: doc.subscriptionId,
    eventId: doc.eventId,
    sequence: doc.sequence,
    streamId: doc.streamId,
    type: doc.type,
    name: doc.name,
    state: doc.state,
    attempts: doc.attempts.map(storedAttempt),
    nextAttemptAt: doc.nextAttemptAt,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/**
 * The driver writes an `undefined` field as null; the optional fields an attempt lacks are left out
 * instead, so the record read back equals the one recorded.
 */
export function storedAttempt(a: DeliveryAttempt): DeliveryAttempt {
  return Object.fromEntries(
    Object.entries(a).filter(([, value]) => value !== undefined && value !== null),
  ) as unknown as DeliveryAttempt;
}
