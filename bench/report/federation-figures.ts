import { LoadResult } from '../load/http-load';
import { PacedPublish } from '../processes/paced-publisher';
import { Receipt, ReceiptBatch } from '../processes/webhook-receivers';

/** One phase of paced publishing to every subscription: how fast and how completely it was delivered. */
export interface DeliveryPhase {
  label: string;
  /** Measured paced publishes the registry accepted (200); the warm-up's are not among them. */
  publishes: number;
  /** Paced publishes (warm-up included) answered with anything but 200. */
  publishFailures: number;
  /** Deliveries owed for every accepted paced publish (warm-up included): publishes × subscriptions. */
  expected: number;
  /** Distinct (subscription, name, version) received, of those owed. */
  delivered: number;
  missing: number;
  /** Receipts of a change a subscription had already received (retries that got through twice). */
  duplicates: number;
  /**
   * Publish request sent → the subscription's receiver has the change, over every delivery owed for
   * the measured publishes: one still missing at the end of the drain counts as infinitely late, so a
   * percentile that falls on it is `Infinity` (null in the JSON report), never a flattering figure.
   */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Deliveries of the measured publishes over the time from the first's send to the last receipt. */
  deliveriesPerSecond: number;
  /**
   * When not everything came within the drain: the phase's first send to the last owed delivery, once
   * everything arrived (the benchmark waits for it before the next phase, so backlogs do not mix).
   */
  completeAfterSeconds?: number;
  /** What the paced stream asks for: rate × subscriptions. */
  offeredPerSecond: number;
  /** Last receipt after the last measured publish was sent: the backlog left when publishing stopped. */
  tailMs: number;
  /** The paced publishes' own response times. */
  publishP50Ms: number;
  publishP99Ms: number;
  /** CPU of the registry's process over the phase, in cores (1.0 = one core busy throughout). */
  registryCores?: number;
  receiverCores?: number;
  /** Registry CPU per delivery, when nothing else loaded it (the phase without the bulk publishes). */
  registryCpuUsPerDelivery?: number;
  /** The 16-client publish load that ran meanwhile, when it did. */
  bulk?: LoadResult;
}

export interface FederationResult {
  subscriptions: number;
  receiverPorts: number;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  filter: string;
  secondsToActive: number;
  /** The same bulk publish load before any subscription existed (the comparison for `bulk`). */
  publishAlone: LoadResult;
  phases: DeliveryPhase[];
  signatures: Omit<ReceiptBatch, 'receipts'>;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const keyOf = (name: string, version: string): string => `${name}@${version}`;

/**
 * Matches every receipt to the publish it came from (by name and version), one per subscription:
 * the latency of a delivery is its arrival at the receiver minus the publish request's send time.
 */
export function deliveryFigures(
  label: string,
  publishes: PacedPublish[],
  receipts: Receipt[],
  subscriptions: number,
  rate: number,
): DeliveryPhase {
  const accepted = new Map<string, PacedPublish>();
  for (const p of publishes) if (p.status === 200) accepted.set(keyOf(p.name, p.version), p);
  const got = new Set<string>();
  const latencies: number[] = [];
  let duplicates = 0;
  let measuredDelivered = 0;
  let lastReceipt = 0;
  for (const [sub, , at, name, version] of receipts) {
    const publish = accepted.get(keyOf(name, version));
    if (publish === undefined) continue;
    const id = `${sub} ${keyOf(name, version)}`;
    if (got.has(id)) {
      duplicates += 1;
      continue;
    }
    got.add(id);
    if (!publish.measured) continue;
    measuredDelivered += 1;
    latencies.push(at - publish.sentAt);
    lastReceipt = Math.max(lastReceipt, at);
  }
  const measured = publishes.filter((p) => p.measured && p.status === 200);
  const firstSend = Math.min(...measured.map((p) => p.sentAt));
  const lastSend = Math.max(...measured.map((p) => p.sentAt));
  const owedMeasured = publishes.filter((p) => p.measured && p.status === 200).length * subscriptions;
  while (latencies.length < owedMeasured) latencies.push(Number.POSITIVE_INFINITY);
  const sorted = Float64Array.from(latencies).sort();
  const publishMs = Float64Array.from(measured.map((p) => p.ms)).sort();
  const expected = accepted.size * subscriptions;
  const window = (lastReceipt - firstSend) / 1000;
  return {
    label,
    publishes: measured.length,
    publishFailures: publishes.length - accepted.size,
    expected,
    delivered: got.size,
    missing: expected - got.size,
    duplicates,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length > 0 ? sorted[sorted.length - 1]! : 0,
    deliveriesPerSecond: window > 0 ? measuredDelivered / window : 0,
    offeredPerSecond: rate * subscriptions,
    tailMs: lastReceipt > 0 ? lastReceipt - lastSend : 0,
    publishP50Ms: percentile(publishMs, 0.5),
    publishP99Ms: percentile(publishMs, 0.99),
  };
}
