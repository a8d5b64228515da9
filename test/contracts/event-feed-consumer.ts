import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventStore, FeedBatch, FeedCheckpoint } from '@registry/application/ports';
import { EventEnvelope } from '@registry/domain/entry';
import { pendingEvent } from './event-store.contract';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; fails saying `what` (and `detail()`) after `timeoutMs`. */
export async function eventually(
  what: string,
  check: () => boolean,
  timeoutMs = 15_000,
  detail: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      assert.fail(`timed out after ${timeoutMs} ms waiting until ${what} ${detail()}`);
    await sleep(20);
  }
}

/**
 * A consumer written the way the registry's are: it applies an event only when its stream version
 * is the next one (so re-deliveries are harmless), and stores the batch's checkpoint together with
 * its writes, all or nothing. `failWhen` makes it throw before writing anything (a failed
 * transaction); `dead` makes it a crashed process that sees batches but writes nothing.
 */
export class VersionedConsumer {
  /** Stream id -> last version applied. */
  readonly versions = new Map<string, number>();
  /** Event ids in the order applied. */
  readonly applied: string[] = [];
  /** Every event delivered, applied or not, tagged with the subscription that delivered it. */
  readonly deliveries: Array<{ event: EventEnvelope; by: string }> = [];
  /** Events that arrived before their stream's previous version: an ordering violation. */
  readonly gaps: string[] = [];
  checkpoint: FeedCheckpoint = {};
  failWhen: ((batch: FeedBatch) => boolean) | undefined;
  dead = false;

  /** `name` is the consumer (group) name; a new one per test unless a test reuses it on purpose. */
  constructor(readonly name = `contract-${randomUUID().slice(0, 8)}`) {}

  /** The handler to subscribe with; `by` tags its deliveries. */
  handler(by = 'main'): (batch: FeedBatch) => Promise<void> {
    return async (batch) => {
      for (const event of batch.events) this.deliveries.push({ event, by });
      if (this.dead) return;
      if (this.failWhen?.(batch)) throw new Error('contract: the handler fails this batch');
      const versions = new Map(this.versions);
      const applied: string[] = [];
      for (const event of batch.events) {
        const last = versions.get(event.streamId) ?? 0;
        if (event.streamVersion === last + 1) {
          versions.set(event.streamId, event.streamVersion);
          applied.push(event.eventId);
        } else if (event.streamVersion > last + 1) {
          this.gaps.push(`${event.streamId} v${event.streamVersion} after v${last}`);
        }
      }
      // The commit: writes and checkpoint together. Keys only move forward (two members may write).
      for (const [stream, version] of versions) this.versions.set(stream, version);
      this.applied.push(...applied);
      for (const [key, value] of Object.entries(batch.checkpoint)) {
        this.checkpoint[key] = Math.max(this.checkpoint[key] ?? -1, value);
      }
    };
  }

  start(): () => Promise<FeedCheckpoint> {
    return async () => ({ ...this.checkpoint });
  }

  hasApplied(events: EventEnvelope[]): boolean {
    return events.every((e) => (this.versions.get(e.streamId) ?? 0) >= e.streamVersion);
  }

  deliveredTimes(eventId: string, by?: string): number {
    return this.deliveries.filter((d) => d.event.eventId === eventId && (by === undefined || d.by === by))
      .length;
  }

  /** Asserts each of `events` was applied exactly once, in stream order, with no gap seen. */
  assertAppliedOnceInOrder(events: EventEnvelope[]): void {
    assert.deepEqual(this.gaps, [], 'no event arrived before its predecessor in the stream');
    const ids = new Set(events.map((e) => e.eventId));
    const applied = this.applied.filter((id) => ids.has(id));
    assert.equal(applied.length, ids.size, 'each event applied once');
    assert.equal(new Set(applied).size, ids.size, 'no event applied twice');
  }

  describe(events: EventEnvelope[]): string {
    const missing = events.filter((e) => (this.versions.get(e.streamId) ?? 0) < e.streamVersion);
    return `(${missing.length} of ${events.length} not applied; ${this.deliveries.length} deliveries; checkpoint ${JSON.stringify(this.checkpoint)})`;
  }
}

/**
 * Appends `versions` rounds of one event to each of `streams` new streams, each round's appends
 * concurrently (one group commit), so streams interleave in the log. Returns the stored envelopes.
 */
export async function appendInterleaved(
  log: EventStore,
  streams: number,
  versions: number,
): Promise<EventEnvelope[]> {
  const ids = Array.from({ length: streams }, () => randomUUID());
  const stored: EventEnvelope[] = [];
  for (let v = 1; v <= versions; v++) {
    const results = await Promise.all(
      ids.map((streamId) => log.append({ streamId, expectedVersion: v - 1, events: [pendingEvent()] })),
    );
    for (const r of results) stored.push(...r.events);
  }
  return stored;
}

/** One append of `count` events to a new stream. */
export async function appendStream(log: EventStore, count: number): Promise<EventEnvelope[]> {
  const events = Array.from({ length: count }, () => pendingEvent());
  return (await log.append({ streamId: randomUUID(), expectedVersion: 0, events })).events;
}

export function assertStreamOrder(deliveries: EventEnvelope[], events: EventEnvelope[]): void {
  const byStream = new Map<string, number[]>();
  const ids = new Set(events.map((e) => e.eventId));
  for (const e of deliveries) {
    if (!ids.has(e.eventId)) continue;
    byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.streamVersion]);
  }
  for (const [stream, versions] of byStream) {
    const expected = events.filter((e) => e.streamId === stream).map((e) => e.streamVersion);
    assert.deepEqual(versions, expected, `stream ${stream} delivered in order, once each`);
  }
}
