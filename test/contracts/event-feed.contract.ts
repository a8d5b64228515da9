import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import {
  EventFeed,
  EventPublisher,
  EventStore,
  FeedSubscription,
  RelayCheckpointStore,
} from '@registry/application/ports';
import { OutboxRelay } from '@registry/application/relay';
import { EventEnvelope } from '@registry/domain/entry';
import {
  appendInterleaved,
  appendStream,
  assertStreamOrder,
  eventually,
  VersionedConsumer,
} from './event-feed-consumer';

/** One adapter (or pipeline) under the event feed contract. */
export interface EventFeedHarness {
  /** Starts the engines; a string is why they cannot run here, and every test then skips saying so. */
  setUp(): Promise<string | undefined>;
  /** The event log: what is committed there must reach the feed's subscribers. */
  log(): EventStore;
  /** A feed client; a harness may give a new one per call, as a separate process would have. */
  feed(): EventFeed;
  /** Present when events reach the feed through an outbox relay (the distributed bus). */
  relay?(): RelayHarness;
  dispose(): Promise<void>;
}

export interface RelayHarness {
  publisher: EventPublisher;
  checkpoints: RelayCheckpointStore;
  /** Stops the harness's background relay: the test drives relay passes itself until resume(). */
  pause(): Promise<void>;
  resume(): void;
}

/**
 * The contract every event feed passes: every committed event delivered at least once, each entry's
 * events in stream order, resumption exactly after the checkpoint the consumer stored (its own
 * checkpoint wins over anything the bus remembers), a failed batch delivered again and nothing after
 * it skipped, a group's members sharing the work, and (with a relay) at-least-once across a relay crash.
 */
export function eventFeedContract(adapter: string, harness: EventFeedHarness): void {
  // The bound covers a set-up that may build the Kafka mock first (once per clone, about 20-40 s).
  describe(`EventFeed contract: ${adapter}`, { timeout: 300_000 }, () => {
    let skip: string | undefined;
    const open: FeedSubscription[] = [];
    const subscribe = (feed: EventFeed, consumer: VersionedConsumer, by?: string): FeedSubscription => {
      const subscription = feed.subscribe(consumer.name, consumer.start(), consumer.handler(by));
      open.push(subscription);
      return subscription;
    };

    before(async () => {
      skip = await harness.setUp();
      if (skip !== undefined) console.warn(`\n!!! EventFeed contract: ${adapter} SKIPPED: ${skip}\n`);
    });
    after(async () => {
      await Promise.all(open.map((s) => s.stop()));
      await harness.dispose();
    });

    const contract = (name: string, body: () => Promise<void>): void => {
      it(name, { timeout: 30_000 }, async (t: TestContext) => {
        if (skip !== undefined) return t.skip(skip);
        await body();
      });
    };

    contract('delivers every committed event, each entry in stream order', async () => {
      const log = harness.log();
      const before = await appendInterleaved(log, 6, 3);
      const consumer = new VersionedConsumer();
      subscribe(harness.feed(), consumer);
      const live = [...(await appendInterleaved(log, 6, 3)), ...(await appendStream(log, 4))];
      const events = [...before, ...live];
      await eventually(
        'all applied',
        () => consumer.hasApplied(events),
        15_000,
        () => consumer.describe(events),
      );
      consumer.assertAppliedOnceInOrder(events);
      assertStreamOrder(
        consumer.deliveries.map((d) => d.event),
        events,
      );
    });

    contract(
      'resumes after the stored checkpoint: nothing lost, nothing acknowledged delivered again',
      async () => {
        const log = harness.log();
        const consumer = new VersionedConsumer();
        const first = subscribe(harness.feed(), consumer);
        const early = await appendInterleaved(log, 4, 3);
        await eventually('the first events applied', () => consumer.hasApplied(early));
        await first.stop();
        const acknowledged = new Set(consumer.applied);
        const late = await appendInterleaved(log, 4, 3);
        const seenBefore = consumer.deliveries.length;
        subscribe(harness.feed(), consumer);
        const events = [...early, ...late];
        await eventually(
          'all applied',
          () => consumer.hasApplied(events),
          15_000,
          () => consumer.describe(events),
        );
        const again = consumer.deliveries.slice(seenBefore).filter((d) => acknowledged.has(d.event.eventId));
        assert.deepEqual(again, [], 'acknowledged events are not delivered after the restart');
        consumer.assertAppliedOnceInOrder(events);
      },
    );

    contract('after a crash, delivers again what the consumer had not stored', async () => {
      const log = harness.log();
      const consumer = new VersionedConsumer();
      const first = subscribe(harness.feed(), consumer);
      const early = await appendInterleaved(log, 3, 2);
      await eventually('the first events applied', () => consumer.hasApplied(early));
      // The process dies: batches still arrive (and a bus may record them as consumed), nothing is stored.
      consumer.dead = true;
      const lost = await appendInterleaved(log, 3, 2);
      await eventually('the lost events delivered to the dying consumer', () =>
        lost.every((e) => consumer.deliveredTimes(e.eventId) > 0),
      );
      await first.stop();
      consumer.dead = false;
      subscribe(harness.feed(), consumer, 'restarted');
      const late = await appendStream(log, 2);
      const events = [...early, ...lost, ...late];
      await eventually(
        'all applied',
        () => consumer.hasApplied(events),
        15_000,
        () => consumer.describe(events),
      );
      for (const e of lost) assert.ok(consumer.deliveredTimes(e.eventId, 'restarted') > 0, 'redelivered');
      consumer.assertAppliedOnceInOrder(events);
    });

    contract('a consumer with an empty checkpoint reads from the beginning (a replay)', async () => {
      const log = harness.log();
      const events = await appendInterleaved(log, 3, 2);
      const live = new VersionedConsumer();
      const first = subscribe(harness.feed(), live);
      await eventually('applied by the live consumer', () => live.hasApplied(events));
      await first.stop();
      // Same consumer (group) name, fresh state: the bus's memory of the group must not win.
      const rebuilt = new VersionedConsumer(live.name);
      subscribe(harness.feed(), rebuilt);
      await eventually(
        'applied by the rebuild',
        () => rebuilt.hasApplied(events),
        15_000,
        () => rebuilt.describe(events),
      );
      rebuilt.assertAppliedOnceInOrder(events);
    });

    contract('a batch whose handler throws is delivered again, and nothing after it is skipped', async () => {
      const log = harness.log();
      const consumer = new VersionedConsumer();
      const events = await appendInterleaved(log, 4, 3);
      const poisoned = events.find((e) => e.streamVersion === 2)!;
      let failures = 0;
      consumer.failWhen = (batch) =>
        batch.events.some((e) => e.eventId === poisoned.eventId) && ++failures <= 2;
      subscribe(harness.feed(), consumer);
      const more = await appendInterleaved(log, 4, 2);
      const all = [...events, ...more];
      await eventually(
        'all applied',
        () => consumer.hasApplied(all),
        15_000,
        () => consumer.describe(all),
      );
      assert.ok(failures >= 3, 'the failing batch was delivered again after each failure');
      assert.ok(consumer.deliveredTimes(poisoned.eventId) >= 3);
      consumer.assertAppliedOnceInOrder(all);
    });

    contract(
      'two members of one consumer group share the work; each event is applied once, in order',
      async () => {
        const log = harness.log();
        const consumer = new VersionedConsumer();
        subscribe(harness.feed(), consumer, 'a');
        subscribe(harness.feed(), consumer, 'b');
        const events: EventEnvelope[] = [];
        const busy = (by: string): boolean => consumer.deliveries.some((d) => d.by === by);
        const deadline = Date.now() + 20_000;
        // Until both members have work: a member that joins late gets partitions only after a rebalance.
        while (!(busy('a') && busy('b')) && Date.now() < deadline) {
          events.push(...(await appendInterleaved(log, 12, 2)));
          await eventually(
            'the wave applied',
            () => consumer.hasApplied(events),
            15_000,
            () => consumer.describe(events),
          );
        }
        assert.ok(busy('a') && busy('b'), 'both members delivered events');
        consumer.assertAppliedOnceInOrder(events);
      },
    );

    if (harness.relay === undefined) return;
    const relayOf = harness.relay.bind(harness);

    contract(
      'a relay crash between publishing and saving its checkpoint publishes again; each event applied once',
      async () => {
        const log = harness.log();
        const relay = relayOf();
        const consumer = new VersionedConsumer();
        subscribe(harness.feed(), consumer);
        await relay.pause();
        try {
          const events = [...(await appendInterleaved(log, 3, 3)), ...(await appendStream(log, 3))];
          const crashing = new OutboxRelay(log, relay.publisher, {
            load: () => relay.checkpoints.load(),
            save: async () => {
              throw new Error('contract: the relay dies before saving its checkpoint');
            },
          });
          await assert.rejects(crashing.relayOnce(), /dies before saving/);
          const restarted = new OutboxRelay(log, relay.publisher, relay.checkpoints);
          assert.ok(
            (await restarted.relayOnce()) >= events.length,
            'the restarted relay publishes the batch again',
          );
          await eventually(
            'every event delivered twice',
            () => events.every((e) => consumer.deliveredTimes(e.eventId) >= 2),
            15_000,
            () => consumer.describe(events),
          );
          consumer.assertAppliedOnceInOrder(events);
          assert.equal(await relay.checkpoints.load(), events[events.length - 1]!.position);
        } finally {
          relay.resume();
        }
      },
    );
  });
}
