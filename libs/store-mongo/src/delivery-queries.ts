import { Document, Filter, Sort } from 'mongodb';
import { DeliveryListQuery, SubscriptionBacklog } from '@registry/application/ports';
import { DeliveryDocument, UNFINISHED_STATES } from './delivery-documents';

/** Newest first (by sequence, then creation), as the `delivery_list` index holds it. */
export const LIST_ORDER: Sort = { sequence: -1, createdAt: -1, _id: -1 };
/** Earliest due first, as the `delivery_due` index holds it. */
export const DUE_ORDER: Sort = { nextAttemptAt: 1, _id: 1 };

/** One subscription's page after `query.cursor`, in `LIST_ORDER`. */
export function listFilter(subscriptionId: string, query: DeliveryListQuery): Filter<DeliveryDocument> {
  const filter: Filter<DeliveryDocument> = { subscriptionId };
  if (query.state !== undefined) filter.state = query.state;
  if (query.cursor !== undefined) {
    const [sequence, createdAt, id] = readListCursor(query.cursor);
    filter.$or = [
      { sequence: { $lt: sequence } },
      { sequence, createdAt: { $lt: createdAt } },
      { sequence, createdAt, _id: { $lt: id } },
    ];
  }
  return filter;
}

/**
 * The scheduled deliveries after `after` in `DUE_ORDER`. After a delivery no longer scheduled (it
 * moved on between pages) the pages start again: re-enqueueing a delivery by its id is harmless,
 * skipping one is not.
 */
export function dueFilter(after: DeliveryDocument | null): Filter<DeliveryDocument> {
  const filter: Filter<DeliveryDocument> = { state: 'scheduled' };
  if (after?.state === 'scheduled' && after.nextAttemptAt !== null) {
    filter.$or = [
      { nextAttemptAt: { $gt: after.nextAttemptAt } },
      { nextAttemptAt: after.nextAttemptAt, _id: { $gt: after._id } },
    ];
  }
  return filter;
}

/** The lowest unfinished sequence of each of `lanes`. */
export function lowestUnfinishedPipeline(
  lanes: Array<{ subscriptionId: string; streamId: string }>,
): Document[] {
  return [
    { $match: { $or: lanes, state: { $in: UNFINISHED_STATES } } },
    {
      $group: {
        _id: { subscriptionId: '$subscriptionId', streamId: '$streamId' },
        lowest: { $min: '$sequence' },
      },
    },
  ];
}

export interface BacklogRow {
  _id: string;
  unfinished: number;
  oldest: number | null;
  dead: number;
}

const UNFINISHED = { $in: ['$state', UNFINISHED_STATES] };

/** Per subscription with something unfinished or dead, by subscription id. */
export const BACKLOG_PIPELINE: Document[] = [
  { $match: { state: { $in: [...UNFINISHED_STATES, 'dead'] } } },
  {
    $group: {
      _id: '$subscriptionId',
      unfinished: { $sum: { $cond: [UNFINISHED, 1, 0] } },
      // $min skips the nulls of dead deliveries.
      oldest: { $min: { $cond: [UNFINISHED, '$sequence', null] } },
      dead: { $sum: { $cond: [{ $eq: ['$state', 'dead'] }, 1, 0] } },
    },
  },
  { $sort: { _id: 1 } },
];

export function toBacklog(r: BacklogRow): SubscriptionBacklog {
  return {
    subscriptionId: r._id,
    unfinished: r.unfinished,
    ...(r.oldest === null ? {} : { oldestUnfinishedSequence: r.oldest }),
    dead: r.dead,
  };
}

/** The list cursor: the last item's sort key, as base64url JSON. */
export function writeListCursor(doc: DeliveryDocument): string {
  return Buffer.from(JSON.stringify([doc.sequence, doc.createdAt, doc._id])).toString('base64url');
}

export function readListCursor(cursor: string): [sequence: number, createdAt: string, deliveryId: string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    Number.isSafeInteger(parsed[0]) &&
    typeof parsed[1] === 'string' &&
    typeof parsed[2] === 'string'
  ) {
    return [parsed[0] as number, parsed[1], parsed[2]];
  }
  throw new Error('not a cursor of this delivery list');
}
