import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ClaimConflict, ConcurrencyConflict, EventStore } from '@registry/application/ports';
import { PendingEvent } from '@registry/domain/entry';

/** One adapter under the event store contract; `reopen` simulates a restart on the same storage. */
export interface EventStoreHarness {
  open(): Promise<EventStore>;
  /** Closes the store and opens it again on the same storage (durability). */
  reopen(store: EventStore): Promise<EventStore>;
  dispose(): Promise<void>;
}

export function pendingEvent(
  type: PendingEvent['type'] = 'server.entry.created',
  data: unknown = { name: 'x/y' },
): PendingEvent {
  return {
    eventId: randomUUID(),
    type,
    occurredAt: '2025-01-01T00:00:00.000Z',
    actor: { method: 'test', subject: 'contract' },
    schemaVersion: 1,
    data: data as PendingEvent['data'],
  };
}

/**
 * The contract every event store adapter passes: ordering per stream, optimistic concurrency,
 * claims enforced atomically with the append, gap-free global positions, durability across a restart.
 */
export function eventStoreContract(adapter: string, harness: () => EventStoreHarness | string): void {
  const made = harness();
  if (typeof made === 'string') {
    // Counted as a skipped test (with the reason), never as a pass.
    describe(`EventStore contract: ${adapter}`, () => {
      it('the whole contract suite', { skip: made }, () => undefined);
    });
    console.warn(`\n!!! EventStore contract: ${adapter} SKIPPED: ${made}\n`);
    return;
  }
  describe(`EventStore contract: ${adapter}`, () => {
    let store: EventStore;
    before(async () => {
      store = await made.open();
    });
    after(async () => {
      await store.close();
      await made.dispose();
    });

    it('appends a new stream at versions 1..n with increasing global positions', async () => {
      const id = randomUUID();
      const head = await store.headPosition();
      const res = await store.append({
        streamId: id,
        expectedVersion: 0,
        events: [pendingEvent(), pendingEvent()],
      });
      assert.deepEqual(
        res.events.map((e) => [e.streamVersion, e.position]),
        [
          [1, head + 1],
          [2, head + 2],
        ],
      );
      assert.equal(res.lastPosition, head + 2);
      const read = await store.readStream(id);
      assert.deepEqual(
        read.map((e) => e.eventId),
        res.events.map((e) => e.eventId),
      );
      assert.deepEqual(await store.readStream(id, 1), [read[1]]);
    });

    it('refuses an append at a stale expected version and stores nothing of it', async () => {
      const id = randomUUID();
      await store.append({ streamId: id, expectedVersion: 0, events: [pendingEvent()] });
      const head = await store.headPosition();
      await assert.rejects(
        store.append({ streamId: id, expectedVersion: 0, events: [pendingEvent()] }),
        (e: unknown) => e instanceof ConcurrencyConflict && e.actualVersion === 1,
      );
      assert.equal(await store.headPosition(), head);
      assert.equal((await store.readStream(id)).length, 1);
    });

    it('lets exactly one of two racing appends at the same version win', async () => {
      const id = randomUUID();
      const results = await Promise.allSettled([
        store.append({ streamId: id, expectedVersion: 0, events: [pendingEvent()] }),
        store.append({ streamId: id, expectedVersion: 0, events: [pendingEvent()] }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const lost = results.find((r) => r.status === 'rejected');
      assert.ok(lost?.status === 'rejected' && lost.reason instanceof ConcurrencyConflict);
    });

    it('keeps global positions gap-free when appends in the same batch fail', async () => {
      const head = await store.headPosition();
      const taken = randomUUID();
      await store.append({ streamId: taken, expectedVersion: 0, events: [pendingEvent()] });
      const attempts = await Promise.allSettled([
        store.append({ streamId: randomUUID(), expectedVersion: 0, events: [pendingEvent()] }),
        store.append({ streamId: taken, expectedVersion: 0, events: [pendingEvent()] }),
        store.append({
          streamId: randomUUID(),
          expectedVersion: 0,
          events: [pendingEvent(), pendingEvent()],
        }),
      ]);
      assert.deepEqual(
        attempts.map((a) => a.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      const all = await store.readFrom(head, 100);
      assert.deepEqual(
        all.map((e) => e.position),
        [head + 1, head + 2, head + 3, head + 4],
      );
    });

    it('enforces claims atomically with the append', async () => {
      const a = randomUUID();
      const b = randomUUID();
      const key = `claim-${randomUUID()}`;
      await store.append({
        streamId: a,
        expectedVersion: 0,
        events: [pendingEvent()],
        claims: [{ op: 'claim', scope: 'name', key }],
      });
      assert.equal(await store.claimHolder('name', key), a);
      await assert.rejects(
        store.append({
          streamId: b,
          expectedVersion: 0,
          events: [pendingEvent()],
          claims: [{ op: 'claim', scope: 'name', key }],
        }),
        (e: unknown) => e instanceof ClaimConflict && e.heldBy === a,
      );
      assert.deepEqual(await store.readStream(b), [], 'a refused claim appends nothing');
      // Re-claiming one's own claim is fine; claim-if-free leaves another's claim alone.
      await store.append({
        streamId: a,
        expectedVersion: 1,
        events: [pendingEvent()],
        claims: [{ op: 'claim', scope: 'name', key }],
      });
      await store.append({
        streamId: b,
        expectedVersion: 0,
        events: [pendingEvent()],
        claims: [{ op: 'claim-if-free', scope: 'remote-url', key }],
      });
      assert.equal(await store.claimHolder('remote-url', key), b, 'scopes are separate');
      await store.append({
        streamId: a,
        expectedVersion: 2,
        events: [pendingEvent()],
        claims: [{ op: 'release', scope: 'name', key }],
      });
      assert.equal(await store.claimHolder('name', key), undefined);
      await store.append({
        streamId: b,
        expectedVersion: 1,
        events: [pendingEvent()],
        claims: [{ op: 'claim', scope: 'name', key }],
      });
      assert.equal(await store.claimHolder('name', key), b);
    });

    it('refuses a second event with the same event id', async () => {
      const event = pendingEvent();
      await store.append({ streamId: randomUUID(), expectedVersion: 0, events: [event] });
      await assert.rejects(store.append({ streamId: randomUUID(), expectedVersion: 0, events: [event] }));
    });

    it('reads from a position in order, limited', async () => {
      const head = await store.headPosition();
      const id = randomUUID();
      await store.append({
        streamId: id,
        expectedVersion: 0,
        events: [pendingEvent(), pendingEvent(), pendingEvent()],
      });
      const two = await store.readFrom(head, 2);
      assert.deepEqual(
        two.map((e) => [e.streamId, e.streamVersion]),
        [
          [id, 1],
          [id, 2],
        ],
      );
      assert.deepEqual(await store.readFrom(head + 3, 10), []);
    });

    it('keeps every appended event across a restart', async () => {
      const id = randomUUID();
      const res = await store.append({
        streamId: id,
        expectedVersion: 0,
        events: [pendingEvent('server.entry.created', { name: 'r/s' })],
      });
      store = await made.reopen(store);
      const read = await store.readStream(id);
      assert.equal(read.length, 1);
      assert.deepEqual(read[0], res.events[0]);
    });
  });
}
