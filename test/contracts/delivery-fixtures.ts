import { it } from 'node:test';
import type { TestContext } from 'node:test';
import {
  DeliveryAttempt,
  DeliveryRecord,
  DeliveryState,
  DeliveryStore,
  NewDelivery,
} from '@registry/application/ports';

/** What each contract test gets: the store under test, fresh and empty, and a restart of it. */
export interface DeliveryStoreUnderTest {
  store(): DeliveryStore;
  /** Closes the store and opens it again on the same storage. */
  reopen(): Promise<void>;
  /** Why the adapter cannot run here, if it cannot. */
  skip(): string | undefined;
}

/** A contract test, skipped with the harness's reason when the engine is not available. */
export function contractCase(
  under: DeliveryStoreUnderTest,
  name: string,
  body: (store: () => DeliveryStore) => Promise<void>,
): void {
  it(name, { timeout: 20_000 }, async (t: TestContext) => {
    const skip = under.skip();
    if (skip !== undefined) return t.skip(skip);
    await body(() => under.store());
  });
}

/** The injected clock: seconds after a fixed instant, in UTC. */
const T0 = Date.parse('2025-03-01T12:00:00.000Z');
export const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
export const iso = (seconds: number): string => at(seconds).toISOString();

/** A feed delivery of change `sequence` of entry `streamId` to `subscriptionId`. */
export function change(
  subscriptionId: string,
  streamId: string,
  sequence: number,
  deliveryId = `${subscriptionId}/${streamId}/${sequence}`,
): NewDelivery {
  return {
    deliveryId,
    subscriptionId,
    eventId: `event-${sequence}`,
    sequence,
    streamId,
    type: 'server.version.published',
    name: `io.github.test/${streamId}`,
  };
}

export function attempt(
  n: number,
  seconds: number,
  outcome: DeliveryAttempt['outcome'] = 'failed',
): DeliveryAttempt {
  return outcome === 'failed'
    ? { attempt: n, at: iso(seconds), outcome, status: 503, latencyMs: 40 + n, responseSnippet: 'busy' }
    : outcome === 'delivered'
      ? { attempt: n, at: iso(seconds), outcome, status: 204, latencyMs: 12 }
      : { attempt: n, at: iso(seconds), outcome, latencyMs: 3, error: `${outcome} at attempt ${n}` };
}

/** The record a delivery added at `createdAt` (seconds) has, with what happened to it since. */
export function recordOf(
  d: NewDelivery,
  createdAt: number,
  state: DeliveryState,
  since: Partial<DeliveryRecord> = {},
): DeliveryRecord {
  return {
    ...d,
    state,
    attempts: [],
    nextAttemptAt: state === 'scheduled' ? iso(createdAt) : null,
    createdAt: iso(createdAt),
    updatedAt: iso(createdAt),
    ...since,
  };
}

export const ids = (records: Array<{ deliveryId: string }>): string[] => records.map((r) => r.deliveryId);
export const sortedIds = (records: Array<{ deliveryId: string }>): string[] => ids(records).sort();

/** Each delivery's state, by id, as the store has it now. */
export async function statesOf(
  store: DeliveryStore,
  deliveries: NewDelivery[],
): Promise<Record<string, DeliveryState | undefined>> {
  const states: Record<string, DeliveryState | undefined> = {};
  for (const d of deliveries) states[d.deliveryId] = (await store.get(d.deliveryId))?.state;
  return states;
}

/** Every page of a subscription's list, following nextCursor to the end. */
export async function allPages(
  store: DeliveryStore,
  subscriptionId: string,
  limit: number,
  state?: DeliveryState,
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(subscriptionId, {
      limit,
      ...(state === undefined ? {} : { state }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    pages.push(ids(page.items));
    cursor = page.nextCursor;
    if (pages.length > 50) throw new Error('the list never ends: the cursor does not move');
  } while (cursor !== undefined);
  return pages;
}
