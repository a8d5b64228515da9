import assert from 'node:assert/strict';
import {
  DeliveryStoreUnderTest,
  allPages,
  at,
  attempt,
  change,
  contractCase,
  ids,
  iso,
  statesOf,
} from './delivery-fixtures';

/** The API's list, the restarted worker's `scheduled`, a subscription's deletion and the backlog. */
export function deliveryQueryCases(under: DeliveryStoreUnderTest): void {
  contractCase(under, 'lists a subscription newest first, paging with an opaque cursor', async (s) => {
    const [d1, d2, d3, d4, d5] = [3, 1, 5, 2, 4].map((n) => change('sub-1', `entry-${n % 2}`, n));
    await s().add([d1!, d2!], undefined, at(0));
    await s().add([d3!, d4!, d5!], undefined, at(1));
    await s().add([change('sub-2', 'entry-1', 6), change('sub-2', 'entry-1', 7)], undefined, at(2));
    // A redelivery of change 3: same sequence, created later, so listed before the first one.
    const again = change('sub-1', 'entry-1', 3, 'sub-1/redelivery-of-3');
    await s().add([again], undefined, at(3));
    const bySequence = [
      'sub-1/entry-1/5',
      'sub-1/entry-0/4',
      again.deliveryId,
      d1!.deliveryId,
      'sub-1/entry-0/2',
      'sub-1/entry-1/1',
    ];
    assert.deepEqual(await allPages(s(), 'sub-1', 2), [
      bySequence.slice(0, 2),
      bySequence.slice(2, 4),
      bySequence.slice(4),
    ]);
    assert.deepEqual(await allPages(s(), 'sub-1', 4), [bySequence.slice(0, 4), bySequence.slice(4)]);
    // A page ending between the two deliveries of change 3.
    assert.deepEqual(await allPages(s(), 'sub-1', 3), [bySequence.slice(0, 3), bySequence.slice(3)]);
    assert.deepEqual(
      await allPages(s(), 'sub-1', 1),
      bySequence.map((id) => [id]),
    );
    const whole = await s().list('sub-1', { limit: 6 });
    assert.deepEqual(ids(whole.items), bySequence);
    assert.equal(whole.nextCursor, undefined, 'no cursor after the last page');
    assert.deepEqual(whole.items[0], await s().get(bySequence[0]!), 'items are whole records');
    assert.deepEqual(await allPages(s(), 'sub-9', 3), [[]]);
  });

  contractCase(under, 'lists only the deliveries in a state when asked, paging the same way', async (s) => {
    const a = [1, 2, 3, 4, 5].map((n) => change('sub-1', 'entry-a', n));
    const b = [6, 7].map((n) => change('sub-1', 'entry-b', n));
    await s().add([...a, ...b], undefined, at(0));
    await s().recordAttempt(b[0]!.deliveryId, attempt(1, 1, 'delivered'), { state: 'delivered' }, at(1));
    await s().recordAttempt(b[1]!.deliveryId, attempt(1, 2, 'gone'), { state: 'dead' }, at(2));
    assert.deepEqual(await allPages(s(), 'sub-1', 2, 'held'), [
      ['sub-1/entry-a/5', 'sub-1/entry-a/4'],
      ['sub-1/entry-a/3', 'sub-1/entry-a/2'],
    ]);
    assert.deepEqual(await allPages(s(), 'sub-1', 5, 'scheduled'), [['sub-1/entry-a/1']]);
    assert.deepEqual(await allPages(s(), 'sub-1', 5, 'dead'), [['sub-1/entry-b/7']]);
    assert.deepEqual(await allPages(s(), 'sub-1', 5, 'delivered'), [['sub-1/entry-b/6']]);
    assert.deepEqual(await allPages(s(), 'sub-1', 5, 'cancelled'), [[]]);
  });

  contractCase(
    under,
    'gives the scheduled deliveries of every subscription, earliest due first, in pages',
    async (s) => {
      const due = [
        change('sub-1', 'entry-a', 1),
        change('sub-2', 'entry-a', 2),
        change('sub-1', 'entry-b', 3),
        change('sub-3', 'entry-c', 4),
        change('sub-2', 'entry-d', 5),
      ];
      const held = change('sub-1', 'entry-a', 6);
      await s().add([...due, held], undefined, at(0));
      const later = (n: number, seconds: number) =>
        s().recordAttempt(
          due[n]!.deliveryId,
          attempt(1, 1),
          { state: 'scheduled', nextAttemptAt: iso(seconds) },
          at(1),
        );
      await later(0, 300);
      await later(1, 100);
      await later(3, 100);
      await s().recordAttempt(due[4]!.deliveryId, attempt(1, 1, 'delivered'), { state: 'delivered' }, at(1));
      // Due now (0): sub-1/entry-b/3; at 100: sub-2/entry-a/2 and sub-3/entry-c/4 (ties by id); at 300: sub-1/entry-a/1.
      const order = ['sub-1/entry-b/3', 'sub-2/entry-a/2', 'sub-3/entry-c/4', 'sub-1/entry-a/1'];
      const all = await s().scheduled(10);
      assert.deepEqual(ids(all), order);
      assert.deepEqual(all[3], await s().get('sub-1/entry-a/1'));
      const pages: string[][] = [];
      let after: string | undefined;
      // Bounded: a cursor that does not move must fail the test, not loop forever.
      for (let turn = 0; turn < 5; turn++) {
        const page = await s().scheduled(3, after);
        if (page.length === 0) break;
        pages.push(ids(page));
        after = page.at(-1)!.deliveryId;
      }
      assert.deepEqual(pages, [order.slice(0, 3), order.slice(3)]);
      assert.deepEqual(ids(await s().scheduled(2, 'sub-2/entry-a/2')), order.slice(2));
    },
  );

  contractCase(
    under,
    'prunes finished deliveries older than the retention, never unfinished ones',
    async (s) => {
      const all = [1, 2, 3, 4].map((n) => change('sub-1', `entry-${n}`, n));
      await s().add([...all, change('sub-1', 'entry-1', 9)], undefined, at(0));
      await s().recordAttempt('sub-1/entry-1/1', attempt(1, 1, 'delivered'), { state: 'delivered' }, at(10));
      await s().recordAttempt('sub-1/entry-2/2', attempt(1, 1, 'gone'), { state: 'dead' }, at(20));
      await s().recordAttempt('sub-1/entry-3/3', attempt(1, 1, 'delivered'), { state: 'delivered' }, at(40));
      await s().cancelSubscription('sub-9', at(40));

      assert.equal(await s().prune(at(30)), 2);
      assert.deepEqual(await statesOf(s(), [...all, change('sub-1', 'entry-1', 9)]), {
        'sub-1/entry-1/1': undefined,
        'sub-1/entry-2/2': undefined,
        'sub-1/entry-3/3': 'delivered',
        'sub-1/entry-4/4': 'scheduled',
        'sub-1/entry-1/9': 'scheduled',
      });
      assert.equal(await s().prune(at(30)), 0, 'nothing more that old');
      assert.equal(await s().get('sub-1/entry-1/1'), undefined);
    },
  );

  contractCase(
    under,
    'cancels the unfinished deliveries of a deleted subscription and nothing else',
    async (s) => {
      const mine = [1, 2, 3].map((n) => change('sub-1', 'entry-a', n));
      const done = [change('sub-1', 'entry-b', 4), change('sub-1', 'entry-c', 5)];
      const theirs = [1, 2].map((n) => change('sub-2', 'entry-a', n));
      await s().add([...mine, ...done, ...theirs], undefined, at(0));
      await s().recordAttempt(done[0]!.deliveryId, attempt(1, 1, 'delivered'), { state: 'delivered' }, at(1));
      await s().recordAttempt(done[1]!.deliveryId, attempt(1, 1, 'gone'), { state: 'dead' }, at(1));
      const before = await s().get(done[0]!.deliveryId);

      assert.equal(await s().cancelSubscription('sub-1', at(2)), 3);
      assert.deepEqual(await statesOf(s(), [...mine, ...done, ...theirs]), {
        'sub-1/entry-a/1': 'cancelled',
        'sub-1/entry-a/2': 'cancelled',
        'sub-1/entry-a/3': 'cancelled',
        'sub-1/entry-b/4': 'delivered',
        'sub-1/entry-c/5': 'dead',
        'sub-2/entry-a/1': 'scheduled',
        'sub-2/entry-a/2': 'held',
      });
      const cancelled = await s().get(mine[0]!.deliveryId);
      assert.equal(cancelled?.nextAttemptAt, null);
      assert.equal(cancelled?.updatedAt, iso(2));
      assert.deepEqual(await s().get(done[0]!.deliveryId), before);
      assert.deepEqual(ids(await s().scheduled(10)), ['sub-2/entry-a/1']);
      assert.equal(await s().cancelSubscription('sub-1', at(3)), 0, 'nothing left to cancel');
      assert.equal(await s().cancelSubscription('sub-9', at(3)), 0);
    },
  );

  contractCase(
    under,
    'counts each subscription backlog: unfinished, oldest unfinished sequence, dead',
    async (s) => {
      assert.deepEqual(await s().backlog(), []);
      await s().add(
        [
          change('sub-b', 'entry-a', 7),
          change('sub-b', 'entry-a', 9),
          change('sub-b', 'entry-c', 4),
          change('sub-a', 'entry-a', 3),
          change('sub-a', 'entry-b', 8),
          change('sub-c', 'entry-a', 2),
        ],
        undefined,
        at(0),
      );
      // sub-a: one delivered, one dead; sub-b: change 4 delivered, 7 retrying, 9 held; sub-c: delivered.
      await s().recordAttempt('sub-a/entry-a/3', attempt(1, 1, 'delivered'), { state: 'delivered' }, at(1));
      await s().recordAttempt('sub-a/entry-b/8', attempt(1, 1, 'gone'), { state: 'dead' }, at(1));
      await s().recordAttempt('sub-b/entry-c/4', attempt(1, 1, 'delivered'), { state: 'delivered' }, at(1));
      await s().recordAttempt(
        'sub-b/entry-a/7',
        attempt(1, 1),
        { state: 'scheduled', nextAttemptAt: iso(60) },
        at(1),
      );
      await s().recordAttempt('sub-c/entry-a/2', attempt(1, 1, 'delivered'), { state: 'delivered' }, at(1));
      // Listed by subscription id: those with something unfinished or dead.
      assert.deepEqual(await s().backlog(), [
        { subscriptionId: 'sub-a', unfinished: 0, dead: 1 },
        { subscriptionId: 'sub-b', unfinished: 2, oldestUnfinishedSequence: 7, dead: 0 },
      ]);
      await s().recordAttempt('sub-b/entry-a/7', attempt(2, 60, 'delivered'), { state: 'delivered' }, at(60));
      assert.deepEqual((await s().backlog())[1], {
        subscriptionId: 'sub-b',
        unfinished: 1,
        oldestUnfinishedSequence: 9,
        dead: 0,
      });
      await s().cancelSubscription('sub-b', at(61));
      assert.deepEqual(await s().backlog(), [{ subscriptionId: 'sub-a', unfinished: 0, dead: 1 }]);
    },
  );
}
