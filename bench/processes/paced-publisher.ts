import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { benchServerName, syntheticServer } from '../dataset/synthetic-server';
import { announce } from './ready-signal';

/** One paced publish: what it published, when it was sent, how the registry answered. */
export interface PacedPublish {
  name: string;
  version: string;
  /** Milliseconds since the epoch (sub-millisecond), on the same clock as the receivers' stamps. */
  sentAt: number;
  status: number;
  ms: number;
  /** False during the warm-up: delivered and counted for completeness, left out of the latencies. */
  measured: boolean;
}

export interface PacedPublisherResult {
  publishes: PacedPublish[];
}

/** Servers the paced stream cycles through, so each receives a new version about once a second. */
export const PACED_SERVERS = 50;
export const PACED_PREFIX = 'fed';

const now = (): number => performance.timeOrigin + performance.now();

function envNumber(name: string): number {
  const n = Number(process.env[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, got "${process.env[name]}"`);
  return n;
}

/**
 * A steady stream of publishes at `BENCH_RATE` per second, open loop: publish k is sent at
 * start + k / rate whatever the previous ones are doing, so a slow registry shows as latency instead
 * of quietly lowering the rate. It runs in its own process so that the driver's load generator
 * cannot delay the sends it stamps. Prints its result as its ready line when every answer is in.
 */
async function main(): Promise<void> {
  const registry = new URL(process.env.BENCH_REGISTRY_URL ?? '');
  const token = process.env.BENCH_TOKEN ?? '';
  const rate = envNumber('BENCH_RATE');
  const warmup = Math.round(envNumber('BENCH_WARMUP_SECONDS') * rate);
  const total = warmup + Math.round(envNumber('BENCH_SECONDS') * rate);
  const major = envNumber('BENCH_MAJOR');
  const agent = new Agent({ keepAlive: true });
  const publishes: PacedPublish[] = [];

  const publish = (k: number): Promise<void> => {
    const index = k % PACED_SERVERS;
    const name = benchServerName(index, PACED_PREFIX);
    const version = `${major}.${Math.floor(k / PACED_SERVERS)}.0`;
    const body = JSON.stringify(syntheticServer(name, version, index));
    return new Promise((done) => {
      const entry: PacedPublish = { name, version, sentAt: 0, status: 0, ms: 0, measured: k >= warmup };
      publishes.push(entry);
      const req = request(
        {
          host: registry.hostname,
          port: registry.port,
          path: '/v0/publish',
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            entry.status = res.statusCode ?? 0;
            entry.ms = now() - entry.sentAt;
            done();
          });
        },
      );
      req.on('error', () => {
        entry.ms = now() - entry.sentAt;
        done();
      });
      entry.sentAt = now();
      req.end(body);
    });
  };

  const started = now();
  const inFlight: Array<Promise<void>> = [];
  for (let k = 0; k < total; k++) {
    const wait = started + (k * 1000) / rate - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(publish(k));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const result: PacedPublisherResult = { publishes };
  announce(result);
}

// Only as a process entry: the scenario imports this module's names too.
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `paced publisher failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
