import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Everything a benchmark run can be told, from BENCH_* variables; the defaults are the issue's. */
export interface BenchSettings {
  servers: number;
  versionsPerServer: number;
  readConnections: number;
  publishConnections: number;
  warmupSeconds: number;
  /** Measured seconds per side, split into `rounds` alternating rounds. */
  seconds: number;
  rounds: number;
  /** How many different URLs the rotating scenarios cycle through (more than the page cache holds). */
  distinctUrls: number;
  /** Scenario ids to run (all when empty). */
  only: string[];
  /** Folder for `--cpu-prof` profiles of the registry child, when profiling. */
  cpuProfileDir: string | undefined;
  resultsFile: string;
  /** BENCH_PIPELINE=1: also run the distributed pipeline scenarios (engines started by the bench). */
  pipeline: boolean;
  /** Sequential publishes measured by `pipeline-latency` (after a warm-up of a tenth, at least 10). */
  pipelinePublishes: number;
  /** Events in the log `replay-rate` replays (entries of 3 events each, rounded up). */
  replayEvents: number;
  /** The `federation` scenario: subscriptions, their receiver servers, and the paced publish stream. */
  federation: FederationSettings;
}

export interface FederationSettings {
  subscriptions: number;
  /** Receiver servers (ports) the subscriptions are spread over, one path each. */
  receiverPorts: number;
  /** Paced publishes per second, each delivered to every subscription. */
  rate: number;
  /** Measured seconds of paced publishing per phase (after `warmupSeconds` of the same). */
  seconds: number;
  /** How long after the last publish the deliveries may still arrive before the rest count as missing. */
  drainSeconds: number;
  /** After the drain, how long to wait for a backlog to clear before the next phase (reported, not scored). */
  settleSeconds: number;
  /** The receivers check the signature of every n-th delivery of each subscription (1: all). */
  verifyEvery: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

export function benchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    servers: Math.floor(positive(env, 'BENCH_SERVERS', 10_000)),
    versionsPerServer: Math.floor(positive(env, 'BENCH_VERSIONS', 3)),
    readConnections: Math.floor(positive(env, 'BENCH_READ_CONNECTIONS', 50)),
    publishConnections: Math.floor(positive(env, 'BENCH_PUBLISH_CONNECTIONS', 16)),
    warmupSeconds: positive(env, 'BENCH_WARMUP_SECONDS', 2),
    seconds: positive(env, 'BENCH_SECONDS', 6),
    rounds: Math.floor(positive(env, 'BENCH_ROUNDS', 3)),
    distinctUrls: Math.floor(positive(env, 'BENCH_DISTINCT_URLS', 500)),
    only: (env.BENCH_ONLY ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    cpuProfileDir:
      env.BENCH_CPU_PROF_DIR !== undefined && env.BENCH_CPU_PROF_DIR !== ''
        ? env.BENCH_CPU_PROF_DIR
        : undefined,
    resultsFile:
      env.BENCH_RESULTS_FILE ??
      join(tmpdir(), `registry-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
    pipeline: env.BENCH_PIPELINE === '1' || env.BENCH_PIPELINE === 'true',
    pipelinePublishes: Math.floor(positive(env, 'BENCH_PIPELINE_PUBLISHES', 300)),
    replayEvents: Math.floor(positive(env, 'BENCH_REPLAY_EVENTS', 1_000_000)),
    federation: {
      subscriptions: Math.floor(positive(env, 'BENCH_FEDERATION_SUBSCRIPTIONS', 100)),
      receiverPorts: Math.floor(positive(env, 'BENCH_FEDERATION_PORTS', 100)),
      rate: positive(env, 'BENCH_FEDERATION_RATE', 20),
      seconds: positive(env, 'BENCH_FEDERATION_SECONDS', 20),
      drainSeconds: positive(env, 'BENCH_FEDERATION_DRAIN_SECONDS', 15),
      settleSeconds: positive(env, 'BENCH_FEDERATION_SETTLE_SECONDS', 240),
      verifyEvery: Math.floor(positive(env, 'BENCH_FEDERATION_VERIFY_EVERY', 1)),
    },
  };
}
