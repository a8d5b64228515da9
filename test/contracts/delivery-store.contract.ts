import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { DeliveryStore } from '@registry/application/ports';
import {
  DeliveryStoreUnderTest,
  at,
  attempt,
  change,
  contractCase,
  iso,
  recordOf,
} from './delivery-fixtures';
import { deliveryOrderingCases } from './delivery-store-ordering.contract';
import { deliveryQueryCases } from './delivery-store-queries.contract';

/** One adapter under the delivery store contract. */
export interface DeliveryStoreHarness {
  /** A new, empty store (each test gets its own, so the global queries see only its deliveries). */
  open(): Promise<DeliveryStore>;
  /** Closes the store and opens it again on the same storage (durability). */
  reopen(store: DeliveryStore): Promise<DeliveryStore>;
  dispose(): Promise<void>;
}

/**
 * The contract both delivery stores pass: idempotent adds with their feed checkpoint, the hold/release
 * ordering rule per (subscription, entry), attempts and retries, the worker's and the API's queries,
 * and durability across a restart.
 */
export function deliveryStoreContract(adapter: string, harness: () => DeliveryStoreHarness | string): void {
  const made = harness();
  if (typeof made === 'string') {
    // Counted as a skipped test (with the reason), never as a pass.
    describe(`DeliveryStore contract: ${adapter}`, () => {
      it('the whole contract suite', { skip: made }, () => undefined);
    });
    console.warn(`\n!!! DeliveryStore contract: ${adapter} SKIPPED: ${made}\n`);
    return;
  }
  describe(`DeliveryStore contract: ${adapter}`, () => {
    let current: DeliveryStore | undefined;
    const under: DeliveryStoreUnderTest = {
      store: () => current ?? assert.fail('no store open'),
      reopen: async () => {
        const closing = under.store();
        current = undefined;
        current = await made.reopen(closing);
      },
      skip: () => undefined,
    };
    beforeEach(async () => {
      current = await made.open();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    after(() => made.dispose());

    contractCase(
      under,
      'adds deliveries due now and returns them as scheduled; get reads them back',
      async (s) => {
        const a = change('sub-1', 'entry-a', 1);
        const b = change('sub-1', 'entry-b', 2);
        const scheduled = await s().add([a, b], undefined, at(0));
        assert.deepEqual(
          [...scheduled].sort((x, y) => x.sequence - y.sequence),
          [recordOf(a, 0, 'scheduled'), recordOf(b, 0, 'scheduled')],
        );
        assert.deepEqual(await s().get(a.deliveryId), recordOf(a, 0, 'scheduled'));
        assert.deepEqual(await s().get(b.deliveryId), recordOf(b, 0, 'scheduled'));
        assert.equal(await s().get('no-such-delivery'), undefined);
      },
    );

    contractCase(
      under,
      'leaves a delivery whose id is already stored as it is (idempotent add)',
      async (s) => {
        const a = change('sub-1', 'entry-a', 1);
        await s().add([a], undefined, at(0));
        await s().recordAttempt(
          a.deliveryId,
          attempt(1, 1),
          { state: 'scheduled', nextAttemptAt: iso(60) },
          at(1),
        );
        const before = await s().get(a.deliveryId);
        const b = change('sub-1', 'entry-b', 2);
        // The feed re-delivers a batch: same ids, maybe other fields; one new delivery comes along.
        const again = await s().add(
          [{ ...a, name: 'io.github.test/renamed', sequence: 9 }, b],
          undefined,
          at(5),
        );
        assert.deepEqual(again, [recordOf(b, 5, 'scheduled')], 'only the new delivery is returned');
        assert.deepEqual(await s().get(a.deliveryId), before);
        assert.equal(before?.attempts.length, 1);
        // The same id twice in one call is one delivery.
        const c = change('sub-1', 'entry-c', 3);
        const twice = await s().add([c, { ...c, sequence: 4 }], undefined, at(6));
        assert.deepEqual(twice.length, 1);
        assert.equal((await s().get(c.deliveryId))?.state, 'scheduled');
        assert.deepEqual(
          (await s().list('sub-1', { limit: 10 })).items.map((r) => r.deliveryId).sort(),
          [a.deliveryId, b.deliveryId, c.deliveryId].sort(),
        );
      },
    );

    contractCase(under, 'stores the feed checkpoint with add, each source only moving forward', async (s) => {
      assert.deepEqual(await s().checkpoint(), {});
      await s().add([change('sub-1', 'entry-a', 1)], { log: 5, 'registry.events:0': 7 }, at(0));
      assert.deepEqual(await s().checkpoint(), { log: 5, 'registry.events:0': 7 });
      await s().add([change('sub-1', 'entry-a', 2)], undefined, at(1));
      assert.deepEqual(
        await s().checkpoint(),
        { log: 5, 'registry.events:0': 7 },
        'no checkpoint, no change',
      );
      // A batch with nothing to deliver still moves the checkpoint.
      await s().add([], { log: 9, 'registry.events:1': 2 }, at(2));
      assert.deepEqual(await s().checkpoint(), { log: 9, 'registry.events:0': 7, 'registry.events:1': 2 });
      await s().add([], { log: 6 }, at(3));
      assert.equal((await s().checkpoint()).log, 9, 'a late, re-delivered batch does not rewind it');
    });

    contractCase(
      under,
      'keeps deliveries, attempts, checkpoint and held order across a restart',
      async (s) => {
        const first = change('sub-1', 'entry-a', 1);
        const second = change('sub-1', 'entry-a', 2);
        await s().add([first, second], { log: 2 }, at(0));
        await s().recordAttempt(
          first.deliveryId,
          attempt(1, 1),
          { state: 'scheduled', nextAttemptAt: iso(30) },
          at(1),
        );
        const kept = await s().get(first.deliveryId);
        await under.reopen();
        assert.deepEqual(await s().get(first.deliveryId), kept);
        assert.deepEqual(await s().get(second.deliveryId), recordOf(second, 0, 'held'));
        assert.deepEqual(await s().checkpoint(), { log: 2 });
        const done = await s().recordAttempt(
          first.deliveryId,
          attempt(2, 31, 'delivered'),
          { state: 'delivered' },
          at(31),
        );
        assert.deepEqual(
          done.released,
          recordOf(second, 0, 'scheduled', { nextAttemptAt: iso(31), updatedAt: iso(31) }),
          'the held delivery is released after the restart',
        );
        await under.reopen();
        assert.deepEqual(await s().get(second.deliveryId), done.released);
        assert.deepEqual(await s().scheduled(10), [done.released]);
      },
    );

    deliveryOrderingCases(under);
    deliveryQueryCases(under);
  });
}
