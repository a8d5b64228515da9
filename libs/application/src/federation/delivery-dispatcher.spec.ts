import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DeliveryRig, changesOf, jittered } from '../../../../test/federation/delivery-rig';
import { DELIVERY_QUEUE } from './federation-settings';

const PUBLISHED = { types: ['server.version.published' as const] };

/**
 * Why an attempt reads its delivery back from the store instead of trusting the record it was
 * enqueued with (docs/federation.md, "How it is built"): a job is a claim that an attempt is due,
 * made at enqueue time, and by the time it runs the delivery may have moved on under another job.
 * Each case below sends twice if the job carried its record and skipped the read.
 */
describe('DeliveryDispatcher: a job whose delivery moved on sends nothing', () => {
  let rig: DeliveryRig;
  beforeEach(() => {
    rig = DeliveryRig.open();
  });
  afterEach(() => rig.close());

  it('a retry waiting on the schedule, after the owner retried by hand and it was delivered', async () => {
    const receiver = await rig.receiver();
    const { subscriptionId: id } = await rig.subscribe(receiver, PUBLISHED);
    receiver.replies.push({ status: 503 });
    const sequence = await rig.publish('io.github.fed/moved', '1.0.0');
    await rig.settle();
    const { deliveryId } = await rig.deliveryOf(id, sequence);
    assert.equal(rig.jobsOf(deliveryId).at(-1)!.options.delayMs, jittered(5_000), 'the scheduled retry');

    await rig.deliveryApi.retry(rig.owner, id, deliveryId);
    await rig.settle();
    assert.equal((await rig.deliveryOf(id, sequence)).state, 'delivered');
    rig.advance(jittered(5_000));
    await rig.settle();

    assert.equal(rig.jobsOf(deliveryId).length, 3, 'the first attempt, the scheduled retry, the one by hand');
    assert.equal(changesOf(receiver).length, 2, 'the scheduled retry ran and sent nothing');
    assert.equal((await rig.deliveryOf(id, sequence)).attempts.length, 2);
  });

  it('an attempt enqueued again from a sweep page read before it ran (its job id is free again)', async () => {
    const receiver = await rig.receiver();
    const { subscriptionId: id } = await rig.subscribe(receiver, PUBLISHED);
    const sequence = await rig.publish('io.github.fed/swept', '1.0.0');
    await rig.pump();
    // The sweep reads its page, the attempt runs meanwhile, then the sweep enqueues what it read.
    const page = await rig.deliveries.scheduled(500);
    assert.equal(page.length, 1);
    await rig.jobs.runDue(DELIVERY_QUEUE);
    for (const record of page) await rig.dispatcher.enqueue(record);
    await rig.settle();

    const { deliveryId, state, attempts } = await rig.deliveryOf(id, sequence);
    assert.equal(rig.jobsOf(deliveryId).length, 2, 'the stale job was enqueued and ran');
    assert.equal(state, 'delivered');
    assert.equal(attempts.length, 1);
    assert.equal(changesOf(receiver).length, 1, 'and sent nothing');
  });
});
