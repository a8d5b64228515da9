import assert from 'node:assert/strict';
import {
  DeliveryStoreUnderTest,
  at,
  attempt,
  change,
  contractCase,
  iso,
  recordOf,
  sortedIds,
  statesOf,
} from './delivery-fixtures';

/**
 * The ordering rule: one entry's changes reach one subscription in sequence order, a later one held
 * while an earlier one is unfinished; other entries and other subscriptions are never held by it.
 * Also what attempts and manual retries do to a delivery.
 */
export function deliveryOrderingCases(under: DeliveryStoreUnderTest): void {
  contractCase(
    under,
    'holds all but the lowest change of an entry added in one call, in any order',
    async (s) => {
      const a1 = change('sub-1', 'entry-a', 1);
      const a2 = change('sub-1', 'entry-a', 2);
      const a3 = change('sub-1', 'entry-a', 3);
      const b4 = change('sub-1', 'entry-b', 4);
      const other = change('sub-2', 'entry-a', 2);
      const scheduled = await s().add([a3, b4, a2, other, a1], undefined, at(0));
      assert.deepEqual(sortedIds(scheduled), sortedIds([a1, b4, other]));
      assert.deepEqual(await s().get(a3.deliveryId), recordOf(a3, 0, 'held'));
      assert.deepEqual(await statesOf(s(), [a1, a2, a3, b4, other]), {
        [a1.deliveryId]: 'scheduled',
        [a2.deliveryId]: 'held',
        [a3.deliveryId]: 'held',
        [b4.deliveryId]: 'scheduled',
        [other.deliveryId]: 'scheduled',
      });
      // A later call: held behind what is unfinished; a new entry or subscription is not.
      const a5 = change('sub-1', 'entry-a', 5);
      const c6 = change('sub-1', 'entry-c', 6);
      const other7 = change('sub-3', 'entry-a', 7);
      assert.deepEqual(sortedIds(await s().add([a5, c6, other7], undefined, at(1))), sortedIds([c6, other7]));
      assert.equal((await s().get(a5.deliveryId))?.state, 'held');
    },
  );

  contractCase(
    under,
    'releases exactly the lowest held change when the one before it finishes',
    async (s) => {
      const a = [1, 2, 3, 4].map((n) => change('sub-1', 'entry-a', n));
      const b = change('sub-1', 'entry-b', 5);
      const otherSub = [change('sub-2', 'entry-a', 1), change('sub-2', 'entry-a', 2)];
      await s().add([...a, b, ...otherSub], undefined, at(0));
      const [a1, a2, a3, a4] = a as [(typeof a)[0], (typeof a)[0], (typeof a)[0], (typeof a)[0]];

      // A retry of change 1 holds only entry a's later changes: entry b goes on and releases nothing of a.
      const retry = await s().recordAttempt(
        a1.deliveryId,
        attempt(1, 1),
        { state: 'scheduled', nextAttemptAt: iso(60) },
        at(1),
      );
      assert.equal(retry.released, undefined);
      const bDone = await s().recordAttempt(
        b.deliveryId,
        attempt(1, 2, 'delivered'),
        { state: 'delivered' },
        at(2),
      );
      assert.equal(bDone.released, undefined);
      assert.equal((await s().get(a2.deliveryId))?.state, 'held');

      const delivered = await s().recordAttempt(
        a1.deliveryId,
        attempt(2, 60, 'delivered'),
        { state: 'delivered' },
        at(60),
      );
      assert.deepEqual(
        delivered.released,
        recordOf(a2, 0, 'scheduled', { nextAttemptAt: iso(60), updatedAt: iso(60) }),
      );
      assert.deepEqual(await s().get(a2.deliveryId), delivered.released);
      assert.equal((await s().get(a3.deliveryId))?.state, 'held', 'only the lowest held one is released');

      // Dead and cancelled finish a delivery too.
      const dead = await s().recordAttempt(a2.deliveryId, attempt(1, 61, 'gone'), { state: 'dead' }, at(61));
      assert.equal(dead.record.state, 'dead');
      assert.equal(dead.released?.deliveryId, a3.deliveryId);
      const cancelled = await s().recordAttempt(
        a3.deliveryId,
        attempt(1, 62, 'refused'),
        { state: 'cancelled' },
        at(62),
      );
      assert.equal(cancelled.record.state, 'cancelled');
      assert.equal(cancelled.released?.deliveryId, a4.deliveryId);
      assert.equal(cancelled.released?.nextAttemptAt, iso(62));
      const last = await s().recordAttempt(
        a4.deliveryId,
        attempt(1, 63, 'delivered'),
        { state: 'delivered' },
        at(63),
      );
      assert.equal(last.released, undefined, 'nothing left to release');

      // The other subscription's deliveries of the same entry were never touched.
      assert.deepEqual(await s().get(otherSub[0]!.deliveryId), recordOf(otherSub[0]!, 0, 'scheduled'));
      assert.deepEqual(await s().get(otherSub[1]!.deliveryId), recordOf(otherSub[1]!, 0, 'held'));
    },
  );

  contractCase(under, 'accumulates attempts in order while the next one moves later', async (s) => {
    const d = change('sub-1', 'entry-a', 1);
    await s().add([d], undefined, at(0));
    const tries = [attempt(1, 1), attempt(2, 31, 'failed'), attempt(3, 301)];
    let result;
    for (const [i, tried] of tries.entries()) {
      result = await s().recordAttempt(
        d.deliveryId,
        tried,
        { state: 'scheduled', nextAttemptAt: iso(30 * 10 ** i) },
        at(i + 1),
      );
      assert.equal(result.record.nextAttemptAt, iso(30 * 10 ** i));
    }
    const expected = recordOf(d, 0, 'scheduled', {
      attempts: tries,
      nextAttemptAt: iso(3000),
      updatedAt: iso(3),
    });
    assert.deepEqual(result?.record, expected);
    assert.deepEqual(await s().get(d.deliveryId), expected);
    const done = await s().recordAttempt(
      d.deliveryId,
      attempt(4, 3000, 'delivered'),
      { state: 'delivered' },
      at(3000),
    );
    assert.deepEqual(done.record, {
      ...expected,
      state: 'delivered',
      attempts: [...tries, attempt(4, 3000, 'delivered')],
      nextAttemptAt: null,
      updatedAt: iso(3000),
    });
  });

  contractCase(under, 'changes nothing when an attempt is recorded on a finished delivery', async (s) => {
    const [a1, a2, a3] = [1, 2, 3].map((n) => change('sub-1', 'entry-a', n)) as [
      ReturnType<typeof change>,
      ReturnType<typeof change>,
      ReturnType<typeof change>,
    ];
    await s().add([a1, a2, a3], undefined, at(0));
    const first = await s().recordAttempt(
      a1.deliveryId,
      attempt(1, 1, 'delivered'),
      { state: 'delivered' },
      at(1),
    );
    assert.equal(first.released?.deliveryId, a2.deliveryId);
    for (const next of [
      { state: 'scheduled' as const, nextAttemptAt: iso(99) },
      { state: 'delivered' as const },
      { state: 'dead' as const },
    ]) {
      const again = await s().recordAttempt(a1.deliveryId, attempt(2, 5), next, at(5));
      assert.deepEqual(again, { record: first.record }, `a late ${next.state} changes nothing`);
    }
    assert.deepEqual(await s().get(a1.deliveryId), first.record);
    assert.equal((await s().get(a3.deliveryId))?.state, 'held', 'and releases nothing more');
    await assert.rejects(s().recordAttempt('no-such-delivery', attempt(1, 1), { state: 'delivered' }, at(1)));
  });

  contractCase(
    under,
    'retryNow makes scheduled, dead and delivered ones due now; held and cancelled stay',
    async (s) => {
      const [a1, a2, a3] = [1, 2, 3].map((n) => change('sub-1', 'entry-a', n)) as [
        ReturnType<typeof change>,
        ReturnType<typeof change>,
        ReturnType<typeof change>,
      ];
      const b = change('sub-1', 'entry-b', 4);
      const c = change('sub-1', 'entry-c', 5);
      await s().add([a1, a2, a3, b, c], undefined, at(0));
      assert.equal(await s().retryNow('no-such-delivery', at(1)), undefined);

      // Scheduled: only its due time moves.
      await s().recordAttempt(
        b.deliveryId,
        attempt(1, 1),
        { state: 'scheduled', nextAttemptAt: iso(600) },
        at(1),
      );
      const sooner = await s().retryNow(b.deliveryId, at(2));
      assert.deepEqual(
        sooner,
        recordOf(b, 0, 'scheduled', { attempts: [attempt(1, 1)], nextAttemptAt: iso(2), updatedAt: iso(2) }),
      );
      assert.deepEqual(await s().get(b.deliveryId), sooner);

      // Held: unchanged.
      const held = await s().get(a2.deliveryId);
      assert.deepEqual(await s().retryNow(a2.deliveryId, at(3)), held);
      assert.deepEqual(await s().get(a2.deliveryId), held);

      // Dead: scheduled again with its attempts, and numbering goes on from them.
      const died = await s().recordAttempt(a1.deliveryId, attempt(1, 4, 'gone'), { state: 'dead' }, at(4));
      assert.equal(died.released?.deliveryId, a2.deliveryId);
      const revived = await s().retryNow(a1.deliveryId, at(5));
      assert.deepEqual(revived, {
        ...died.record,
        state: 'scheduled',
        nextAttemptAt: iso(5),
        updatedAt: iso(5),
      });
      assert.deepEqual(await s().get(a1.deliveryId), revived);
      // Change 2 was already released; change 3 waits for both 1 (retried) and 2.
      const twoDone = await s().recordAttempt(
        a2.deliveryId,
        attempt(1, 6, 'delivered'),
        { state: 'delivered' },
        at(6),
      );
      assert.equal(twoDone.released, undefined, 'change 1 is unfinished again, below change 3');
      const oneDone = await s().recordAttempt(
        a1.deliveryId,
        attempt(2, 7, 'delivered'),
        { state: 'delivered' },
        at(7),
      );
      assert.deepEqual(
        oneDone.record.attempts.map((x) => x.attempt),
        [1, 2],
      );
      assert.equal(oneDone.released?.deliveryId, a3.deliveryId);

      // Delivered: scheduled again.
      const redo = await s().retryNow(a1.deliveryId, at(8));
      assert.deepEqual(redo, {
        ...oneDone.record,
        state: 'scheduled',
        nextAttemptAt: iso(8),
        updatedAt: iso(8),
      });

      // Cancelled: unchanged.
      const gone = await s().recordAttempt(
        c.deliveryId,
        attempt(1, 9, 'refused'),
        { state: 'cancelled' },
        at(9),
      );
      assert.deepEqual(await s().retryNow(c.deliveryId, at(10)), gone.record);
      assert.deepEqual(await s().get(c.deliveryId), gone.record);
    },
  );
}
