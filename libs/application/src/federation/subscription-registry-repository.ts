import { Inject, Injectable } from '@nestjs/common';
import {
  SUBSCRIPTION_REGISTRY_STREAM,
  SubscriptionRegistryState,
  applySubscriptionEvents,
  emptySubscriptionRegistry,
} from '@registry/domain/subscription';
import { SingleStreamRepository } from '../aggregates/single-stream-repository';
import { EVENT_STORE, EventStore } from '../ports';

/** Every webhook subscription, in the subscription registry's one stream. */
@Injectable()
export class SubscriptionRegistryRepository extends SingleStreamRepository<SubscriptionRegistryState> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(
      store,
      SUBSCRIPTION_REGISTRY_STREAM,
      applySubscriptionEvents,
      emptySubscriptionRegistry(),
      'the subscriptions changed concurrently too often; try again',
    );
  }
}
