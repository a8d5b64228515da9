import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { webhookSignature } from '@registry/webhooks';
import { currentLoad, machineInfo } from './report/machine-info';
import { markdownTable } from './report/results-table';
import { benchServerName, syntheticServer } from './dataset/synthetic-server';

/**
 * CPU per `webhook-signature` header: the `standardwebhooks` package (pure-JavaScript SHA-256), as
 * the sender signed until 2026-12, against node:crypto's native HMAC (`webhookSignature`), on
 * change-shaped bodies of the sizes a delivery carries. Standalone and single-process, a few
 * seconds of one core: it can run while the machine is shared, since both signers take turns
 * (alternating rounds) and the table compares CPU time, which other work barely moves.
 *
 *   BENCH_SIGNING_ROUNDS (7): measured rounds per signer and body, alternating library/native
 *   BENCH_SIGNING_ROUND_MS (200): the CPU time a round aims at (its count is fixed by a warm-up)
 */

interface Row {
  body: string;
  bytes: number;
  secrets: number;
}

const ROWS: Row[] = [
  { body: '1 KB', bytes: 1024, secrets: 1 },
  { body: '2.5 KB', bytes: 2560, secrets: 1 },
  { body: '10 KB', bytes: 10_240, secrets: 1 },
  { body: '2.5 KB, rotation (2 secrets)', bytes: 2560, secrets: 2 },
];

type Signer = (id: string, timestamp: Date, body: string, secrets: string[]) => string;

/** Exactly what the sender did before: a `Webhook` per secret and message, `sign`, joined. */
const library: Signer = (id, timestamp, body, secrets) =>
  secrets.map((secret) => new Webhook(secret).sign(id, timestamp, body)).join(' ');

const native: Signer = webhookSignature;

/**
 * A `server.version.published` change of a synthetic server, its description padded so that the
 * JSON text is exactly `bytes` long (ASCII, as the registry's changes mostly are).
 */
function changeBody(bytes: number, index: number): string {
  const name = benchServerName(index);
  const render = (description: string): string =>
    JSON.stringify({
      type: 'server.version.published',
      timestamp: '2026-12-06T10:00:00.000Z',
      data: {
        sequence: 1_000_000 + index,
        name,
        version: '1.0.0',
        server: { ...syntheticServer(name, '1.0.0', index), description },
      },
    });
  const bare = render('');
  if (bare.length > bytes) throw new Error(`a change is ${bare.length} bytes without description`);
  return render('d'.repeat(bytes - bare.length));
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

/** CPU µs of this process (all threads: the collector's included) per call, over `count` calls. */
function cpuPerCall(sign: () => string, count: number): number {
  let sink = 0;
  const before = process.cpuUsage();
  for (let k = 0; k < count; k++) sink += sign().length;
  const used = process.cpuUsage(before);
  if (sink === 0) throw new Error('no signature was made');
  return (used.user + used.system) / count;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Measured extends Row {
  libraryUs: number;
  nativeUs: number;
  /** The spread of the rounds, slowest over fastest, per signer: a noisy run shows here. */
  librarySpread: number;
  nativeSpread: number;
}

function measure(row: Row, rounds: number, roundMs: number): Measured {
  const body = changeBody(row.bytes, 42);
  const secrets = Array.from({ length: row.secrets }, () => `whsec_${randomBytes(32).toString('base64')}`);
  const id = '0193f2a8-1c2d-7e3f-8a9b-0c1d2e3f4a5b';
  const at = new Date('2026-12-06T10:00:00.250Z');
  const mine = native(id, at, body, secrets);
  // Timing two signers that disagree would compare nothing.
  if (mine !== library(id, at, body, secrets)) throw new Error(`the signers disagree on ${row.body}`);
  const runs = {
    library: () => library(id, at, body, secrets),
    native: () => native(id, at, body, secrets),
  };
  // Warm-up: the JIT settles, and each signer's round count is set so a round lasts about roundMs.
  const counts = { library: 0, native: 0 };
  for (const side of ['library', 'native'] as const) {
    cpuPerCall(runs[side], 2_000);
    const perCall = cpuPerCall(runs[side], 2_000);
    counts[side] = Math.max(100, Math.round((roundMs * 1000) / Math.max(perCall, 0.01)));
  }
  const taken = { library: [] as number[], native: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    // Alternating, and which goes first alternates too: a burst of other work lands on both.
    const order = round % 2 === 0 ? (['library', 'native'] as const) : (['native', 'library'] as const);
    for (const side of order) taken[side].push(cpuPerCall(runs[side], counts[side]));
  }
  const spread = (values: number[]): number => Math.max(...values) / Math.min(...values);
  return {
    ...row,
    libraryUs: median(taken.library),
    nativeUs: median(taken.native),
    librarySpread: spread(taken.library),
    nativeSpread: spread(taken.native),
  };
}

function main(): void {
  const rounds = Math.floor(positive('BENCH_SIGNING_ROUNDS', 7));
  const roundMs = positive('BENCH_SIGNING_ROUND_MS', 200);
  const machine = machineInfo();
  const started = performance.now();
  const results = ROWS.map((row) => {
    process.stderr.write(`[bench] signing ${row.body}\n`);
    return measure(row, rounds, roundMs);
  });
  const loadAtEnd = currentLoad();
  console.log(`\nmachine: ${machine.cpus} × ${machine.cpuModel}, ${machine.os}, node ${machine.node}`);
  console.log(
    `load average (1 min): ${machine.loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end; ` +
      `${rounds} alternating rounds of ~${roundMs} ms CPU per signer and body, median shown\n`,
  );
  const us = (n: number): string => n.toFixed(n < 10 ? 2 : 1);
  console.log(
    markdownTable(
      ['body', 'library µs/signature', 'native µs/signature', 'library / native', 'notes'],
      results.map((r) => [
        r.body,
        us(r.libraryUs),
        us(r.nativeUs),
        `${(r.libraryUs / r.nativeUs).toFixed(1)}×`,
        `spread of rounds ${r.librarySpread.toFixed(2)} / ${r.nativeSpread.toFixed(2)}`,
      ]),
    ),
  );
  console.log(
    '\nCPU time of this process (user + system, all threads) per `webhook-signature` header; ' +
      'library = standardwebhooks `new Webhook(secret).sign(...)` per secret, ' +
      'native = webhookSignature (node:crypto createHmac); both outputs checked equal first.',
  );
  console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s in all`);
}

if (require.main === module) main();
