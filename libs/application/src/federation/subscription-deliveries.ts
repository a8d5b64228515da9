import { Inject, Injectable } from '@nestjs/common';
import { RegistryError, invalid } from '@registry/domain/entry';
import { FEED_CHANGE_TYPES, matchesFilter } from '@registry/domain/subscription';
import { ChangeFeedReader } from '../changes';
import {
  DELIVERY_STORE,
  DeliveryPage,
  DeliveryRecord,
  DeliveryState,
  DeliveryStore,
  EVENT_STORE,
  EventStore,
  NewDelivery,
} from '../ports';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { DeliveryQueue } from './delivery-queue';
import { deliveryOfChange } from './federation-settings';
import { SubscriptionCaller, SubscriptionCommands } from './subscription-commands';

/** Log events one redelivery request may cover: a bound on the work one request asks for. */
export const MAX_REDELIVERY_EVENTS = 100_000;
const READ_STEP = 1_000;
const CHANGE_TYPES = new Set<string>(FEED_CHANGE_TYPES);

/**
 * What a subscription's owner sees and does about its deliveries: each delivery with its attempts,
 * one retried now, or a range of the log sent again (new deliveries of the same changes, with the
 * same `webhook-id`s, so a receiver that de-duplicates by id is safe).
 */
@Injectable()
export class SubscriptionDeliveries {
  constructor(
    @Inject(DELIVERY_STORE) private readonly store: DeliveryStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly commands: SubscriptionCommands,
    private readonly reader: ChangeFeedReader,
    private readonly queue: DeliveryQueue,
  ) {}

  async list(
    caller: SubscriptionCaller,
    subscriptionId: string,
    query: { state?: DeliveryState; cursor?: string; limit: number },
  ): Promise<DeliveryPage> {
    await this.commands.get(caller, subscriptionId);
    return this.store.list(subscriptionId, query);
  }

  async retry(
    caller: SubscriptionCaller,
    subscriptionId: string,
    deliveryId: string,
  ): Promise<DeliveryRecord> {
    await this.commands.get(caller, subscriptionId);
    const known = await this.store.get(deliveryId);
    if (known === undefined || known.subscriptionId !== subscriptionId) {
      throw new RegistryError('not-found', 'Delivery not found');
    }
    if (known.state === 'held' || known.state === 'cancelled') {
      throw new RegistryError(
        'conflict',
        known.state === 'held'
          ? 'the delivery waits for an earlier change of the same server; it goes out after that one'
          : 'the delivery was cancelled; ask for a redelivery of its sequence instead',
      );
    }
    const record = await this.store.retryNow(deliveryId, this.clock.now());
    if (record === undefined) throw new RegistryError('not-found', 'Delivery not found');
    await this.queue.enqueue(record);
    return record;
  }

  /** Sends the subscription's matching changes in [fromSequence, toSequence] again, in order. */
  async redeliver(
    caller: SubscriptionCaller,
    subscriptionId: string,
    fromSequence: number,
    toSequence?: number,
  ): Promise<{ fromSequence: number; toSequence: number; queued: number }> {
    const subscription = await this.commands.get(caller, subscriptionId);
    const head = await this.events.headPosition();
    const last = Math.min(toSequence ?? head, head);
    if (fromSequence < 1) throw invalid('fromSequence must be 1 or more');
    if (toSequence !== undefined && toSequence < fromSequence)
      throw invalid('toSequence must not be below fromSequence');
    if (last - fromSequence + 1 > MAX_REDELIVERY_EVENTS) {
      throw invalid(
        `a redelivery covers at most ${MAX_REDELIVERY_EVENTS} log positions; split the range (or read the change feed)`,
      );
    }
    const deliveries: NewDelivery[] = [];
    for (let position = fromSequence - 1; position < last;) {
      const batch = await this.events.readFrom(position, Math.min(READ_STEP, last - position));
      if (batch.length === 0) break;
      position = batch.at(-1)!.position;
      const changes = await this.reader.render(batch.filter((e) => CHANGE_TYPES.has(e.type)));
      for (const change of changes) {
        if (change.sequence > last) break;
        if (!matchesFilter(subscription.filter, change)) continue;
        deliveries.push(deliveryOfChange(subscriptionId, change, this.ids.newId()));
      }
    }
    const due = await this.store.add(deliveries, undefined, this.clock.now());
    for (const record of due) await this.queue.enqueue(record);
    return { fromSequence, toSequence: last, queued: deliveries.length };
  }
}
