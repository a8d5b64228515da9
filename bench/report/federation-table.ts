import { DeliveryPhase, FederationResult } from './federation-figures';
import { markdownTable } from './results-table';

/** Issue 8's aims for delivery, and issue 2's for publishes (which must hold while delivering). */
export const FEDERATION_AIMS = { p99Ms: 1_000, deliveriesPerSecond: 2_000, publishesPerSecond: 2_000 };

const HEADER = [
  'phase',
  'publishes',
  'deliveries',
  'missing',
  'p50 ms',
  'p99 ms',
  'max ms',
  'deliveries/s',
  'tail ms',
  'publish p50/p99 ms',
  'notes',
];

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string =>
  !Number.isFinite(n) ? 'missing' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toString();

function notes(p: DeliveryPhase): string {
  const parts: string[] = [];
  if (p.bulk !== undefined)
    parts.push(`bulk publishes ${int(p.bulk.requestsPerSecond)}/s (non-200 ${p.bulk.non200})`);
  if (p.registryCpuUsPerDelivery !== undefined)
    parts.push(`registry ${int(p.registryCpuUsPerDelivery)} µs CPU/delivery`);
  if (p.registryCores !== undefined) parts.push(`registry ${p.registryCores.toFixed(2)} cores`);
  if (p.receiverCores !== undefined) parts.push(`receivers ${p.receiverCores.toFixed(2)} cores`);
  if (p.completeAfterSeconds !== undefined)
    parts.push(
      `all ${int(p.expected)} delivered ${p.completeAfterSeconds.toFixed(1)} s after the first publish`,
    );
  else if (p.missing > 0) parts.push('some never delivered while the benchmark waited');
  if (p.duplicates > 0) parts.push(`${p.duplicates} duplicates`);
  if (p.publishFailures > 0) parts.push(`${p.publishFailures} paced publishes failed`);
  return parts.join('; ');
}

/** The delivery phases as a Markdown table, like the other scenarios' (pasteable into docs/benchmarks.md). */
export function federationTable(r: FederationResult): string {
  const rows = r.phases.map((p) => [
    p.label,
    int(p.publishes),
    `${int(p.delivered)} / ${int(p.expected)}`,
    int(p.missing),
    ms(p.p50Ms),
    ms(p.p99Ms),
    ms(p.maxMs),
    `${int(p.deliveriesPerSecond)} of ${int(p.offeredPerSecond)}`,
    ms(p.tailMs),
    `${ms(p.publishP50Ms)} / ${ms(p.publishP99Ms)}`,
    notes(p),
  ]);
  return markdownTable(HEADER, rows);
}

/** What the run was: printed above the table. */
export function federationSetup(r: FederationResult): string[] {
  const s = r.signatures;
  return [
    `${r.subscriptions} subscriptions on ${r.receiverPorts} loopback receiver ports (a separate process), ` +
      `filter ${r.filter}: one delivery per publish and subscription; all active after ${r.secondsToActive.toFixed(1)} s`,
    `paced publishes: ${r.rate}/s open loop (own process), ${r.warmupSeconds} s warm-up + ${r.seconds} s measured per phase; ` +
      `latency = publish request sent → change received, per subscription`,
    `signatures (standardwebhooks): ${int(s.verified)} valid, ${int(s.invalid)} invalid, ` +
      `${int(s.unchecked)} not sampled; ${s.handshakes} handshakes; ${s.unreadable} unreadable bodies`,
  ];
}

/** One line per aim: met or missed, with the figure. */
export function federationVerdicts(r: FederationResult): string[] {
  const lines: string[] = [];
  const line = (met: boolean, text: string): void => {
    lines.push(`${met ? 'met   ' : 'MISSED'} federation: ${text}`);
  };
  const signingOk = r.signatures.invalid === 0 && r.signatures.verified > 0;
  for (const p of r.phases) {
    line(
      p.p99Ms < FEDERATION_AIMS.p99Ms && p.missing === 0 && signingOk,
      `${p.label}: p99 ${Number.isFinite(p.p99Ms) ? `${ms(p.p99Ms)} ms` : 'beyond the drain'} (aim < ${FEDERATION_AIMS.p99Ms} ms), ${p.missing} missing, ` +
        `${r.signatures.invalid} bad signatures`,
    );
    // Offered load is exactly rate × subscriptions: it was sustained when all of it arrived and
    // the backlog at the end (tail) stayed under the latency aim, i.e. did not grow through the run.
    const sustained = p.missing === 0 && p.tailMs < FEDERATION_AIMS.p99Ms;
    line(
      sustained && p.offeredPerSecond >= FEDERATION_AIMS.deliveriesPerSecond,
      `${p.label}: ${int(p.deliveriesPerSecond)} deliveries/s of ${int(p.offeredPerSecond)} offered ` +
        `(aim ≥ ${int(FEDERATION_AIMS.deliveriesPerSecond)}/s sustained; tail ${ms(p.tailMs)} ms)`,
    );
    if (p.bulk !== undefined) {
      const ratio =
        r.publishAlone.requestsPerSecond > 0
          ? p.bulk.requestsPerSecond / r.publishAlone.requestsPerSecond
          : 0;
      line(
        p.bulk.requestsPerSecond >= FEDERATION_AIMS.publishesPerSecond && p.bulk.non200 === 0,
        `${int(p.bulk.requestsPerSecond)} durable publishes/s while delivering, ${ratio.toFixed(2)}× of ` +
          `${int(r.publishAlone.requestsPerSecond)}/s with no subscriptions (aim ≥ ${int(FEDERATION_AIMS.publishesPerSecond)}/s)`,
      );
    }
  }
  return lines;
}
