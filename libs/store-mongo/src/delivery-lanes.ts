import { ClientSession, Collection } from 'mongodb';
import { NewDelivery } from '@registry/application/ports';
import { DeliveryDocument, DeliveryOrderDocument, laneOf } from './delivery-documents';
import { lowestUnfinishedPipeline } from './delivery-queries';

/**
 * The ordering rule on MongoDB, inside the caller's transaction: one entry's deliveries to one
 * subscription (a lane) go out in sequence order. Every transaction that applies the rule to a lane
 * first writes the lane's fence document in `delivery_order` (see MongoDeliveryStore for why).
 */
export class DeliveryLanes {
  constructor(
    private readonly deliveries: Collection<DeliveryDocument>,
    private readonly order: Collection<DeliveryOrderDocument>,
  ) {}

  /** Writes the fences of the lanes of `fresh`, then reads each lane's lowest unfinished sequence. */
  async fenceAndReadLowest(session: ClientSession, fresh: NewDelivery[]): Promise<Map<string, number>> {
    const lanes = new Map(
      fresh.map((d) => [laneOf(d), { subscriptionId: d.subscriptionId, streamId: d.streamId }]),
    );
    const lowest = new Map<string, number>();
    if (lanes.size === 0) return lowest;
    await this.order.bulkWrite(
      [...lanes.keys()].map((lane) => ({
        updateOne: { filter: { _id: lane }, update: { $inc: { writes: 1 } }, upsert: true },
      })),
      { session },
    );
    const found = this.deliveries.aggregate<{
      _id: { subscriptionId: string; streamId: string };
      lowest: number;
    }>(lowestUnfinishedPipeline([...lanes.values()]), { session });
    for await (const lane of found) lowest.set(laneOf(lane._id), lane.lowest);
    return lowest;
  }

  async fence(session: ClientSession, lane: string): Promise<void> {
    await this.order.updateOne({ _id: lane }, { $inc: { writes: 1 } }, { session, upsert: true });
  }

  /**
   * After a delivery of the lane finished (its fence already written): the lowest held one becomes
   * due now, unless a scheduled one below it is still unfinished (a dead delivery retried by hand).
   */
  async release(
    session: ClientSession,
    lane: { subscriptionId: string; streamId: string },
    now: Date,
  ): Promise<DeliveryDocument | undefined> {
    const { subscriptionId, streamId } = lane;
    const held = await this.deliveries.findOne(
      { subscriptionId, streamId, state: 'held' },
      { session, sort: { sequence: 1, createdAt: 1, _id: 1 } },
    );
    if (held === null) return undefined;
    const below = await this.deliveries.findOne(
      { subscriptionId, streamId, state: 'scheduled', sequence: { $lt: held.sequence } },
      { session, projection: { _id: 1 } },
    );
    if (below !== null) return undefined;
    const due = {
      state: 'scheduled' as const,
      nextAttemptAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await this.deliveries.updateOne({ _id: held._id }, { $set: due }, { session });
    return { ...held, ...due };
  }
}
