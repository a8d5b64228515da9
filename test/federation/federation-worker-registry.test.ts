import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { EventEnvelope } from '@registry/domain/entry';
import { SUBSCRIPTION_REGISTRY_STREAM } from '@registry/domain/subscription';
import { DeliveryRig } from './delivery-rig';

/**
 * A partitioned bus (Kafka) hands the federation worker each entry's events and the subscription
 * registry's events on separate partitions, so a change may arrive before the creation of a
 * subscription committed just before it. The worker reads the subscriptions from the log, and a
 * subscription receives the changes committed after its creation "whatever order a partitioned bus
 * hands the worker the two streams in" (SubscriptionState.createdPosition).
 */
describe('FederationWorker: subscriptions created by another process, changes handed over first', () => {
  let rig: DeliveryRig;
  beforeEach(() => {
    rig = DeliveryRig.open();
  });
  afterEach(() => rig.close());

  /**
   * The events after `after` in the log, split as two partitions would carry them (their batches'
   * checkpoints name Kafka partitions, not the ordered log).
   */
  async function partitions(
    after: number,
  ): Promise<{ entries: EventEnvelope[]; subscriptions: EventEnvelope[] }> {
    const events = await rig.events.readFrom(after, 1_000);
    return {
      entries: events.filter((e) => e.streamId !== SUBSCRIPTION_REGISTRY_STREAM),
      subscriptions: events.filter((e) => e.streamId === SUBSCRIPTION_REGISTRY_STREAM),
    };
  }

  it('gives the new subscription a change taken before its creation event, when the worker read the registry just before', async () => {
    const receiver = await rig.receiver();
    await rig.publish('io.github.fed/warm', '1.0.0');
    await rig.settle();
    const after = await rig.events.headPosition();

    // The worker has just read the registry (a delivery attempt or a batch does this all the time).
    await rig.repository.current();
    // Another process (an API replica) creates a subscription; then a version is published.
    const { subscription } = await rig.replicaCommands().create(rig.owner, { url: receiver.url, filter: {} });
    const sequence = await rig.publish('io.github.fed/new', '1.0.0');
    const { entries, subscriptions } = await partitions(after);
    assert.ok(subscription.createdPosition < sequence);

    await rig.worker.take({ events: entries, checkpoint: { 'events:0': entries.length } });
    await rig.worker.take({ events: subscriptions, checkpoint: { 'events:1': subscriptions.length } });
    const delivery = await rig.deliveryOf(subscription.subscriptionId, sequence).catch(() => undefined);
    assert.ok(delivery !== undefined, 'the change committed after the subscription is delivered to it');
  });

  it('gives the new subscription that change when the worker had not read the registry lately', async () => {
    const receiver = await rig.receiver();
    const after = await rig.events.headPosition();
    const { subscription } = await rig.replicaCommands().create(rig.owner, { url: receiver.url, filter: {} });
    const sequence = await rig.publish('io.github.fed/new', '1.0.0');
    const { entries, subscriptions } = await partitions(after);

    await rig.worker.take({ events: entries, checkpoint: { 'events:0': entries.length } });
    await rig.worker.take({ events: subscriptions, checkpoint: { 'events:1': subscriptions.length } });
    const delivery = await rig.deliveryOf(subscription.subscriptionId, sequence);
    assert.equal(delivery.state, 'scheduled');
  });
});
