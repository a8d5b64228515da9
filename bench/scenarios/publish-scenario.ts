import { BenchSettings } from '../bench-settings';
import { benchServerName, syntheticServer } from '../dataset/synthetic-server';
import { alternateRounds, combineRuns, median } from '../load/alternating-rounds';
import { LoadPlan, ServerTarget, runLoad, warmUp } from '../load/http-load';
import { BenchChild } from '../processes/bench-child';
import { InsertLoopResult } from '../processes/durable-insert-baseline';
import { Measured, ScenarioResult, compare } from '../report/scenario-result';

const PUBLISH_AIM = { perSecond: 2_000 };

/** An anonymous registry token (grants io.modelcontextprotocol.anonymous/*), valid five minutes. */
export async function anonymousToken(registryUrl: string): Promise<string> {
  const res = await fetch(`${registryUrl}/v0/auth/none`, { method: 'POST' });
  const body = (await res.json()) as { registry_token?: unknown };
  if (res.status !== 200 || typeof body.registry_token !== 'string') {
    throw new Error(`POST /v0/auth/none answered ${res.status}: ${JSON.stringify(body)}`);
  }
  return body.registry_token;
}

/**
 * Every request publishes a version nobody published before: request k adds version
 * `<major>.<round>.0` to dataset server k mod N, so consecutive requests (the ones in flight
 * together) touch different entries, each a real entry with history, and "latest" moves on every
 * publish. Scenarios that publish use different majors, so they never collide.
 */
export function publishPlan(token: string, servers: number, major = 2): LoadPlan {
  let k = 0;
  return {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    next: () => {
      const index = k % servers;
      const version = `${major}.${Math.floor(k / servers)}.0`;
      k += 1;
      return {
        path: '/v0/publish',
        body: JSON.stringify(syntheticServer(benchServerName(index), version, index)),
      };
    },
  };
}

/** The insert loop's warm-up: it has no JIT or caches to settle, only the database file to open. */
const INSERT_LOOP_WARMUP_MS = 300;

async function insertLoop(
  workDir: string,
  rowsPerCommit: number,
  seconds: number,
): Promise<InsertLoopResult> {
  const child = await BenchChild.start<InsertLoopResult>('durable-insert-baseline.js', {
    env: {
      BENCH_DB_DIR: workDir,
      BENCH_ROWS_PER_COMMIT: String(rowsPerCommit),
      BENCH_WARMUP_MS: String(INSERT_LOOP_WARMUP_MS),
      BENCH_DURATION_MS: String(seconds * 1000),
    },
    timeoutMs: seconds * 1000 + 30_000,
  });
  await child.stop();
  return child.ready;
}

function combineLoops(rounds: InsertLoopResult[], label: string): Measured {
  const rows = rounds.reduce((n, r) => n + r.rows, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  return {
    label,
    requestsPerSecond: seconds > 0 ? rows / seconds : 0,
    p99Ms: median(rounds.map((r) => r.p99Ms)),
  };
}

/**
 * Durable publishes per second through the whole HTTP path (token check, validation, command, group
 * commit, projection, read-your-writes) at the publish concurrency, in alternating rounds with a bare
 * durable insert loop of the same length: one row per commit, and (the group-commit variant) as many
 * rows per commit as there are clients.
 */
export async function runPublishScenario(
  registry: ServerTarget,
  settings: BenchSettings,
  workDir: string,
): Promise<ScenarioResult[]> {
  const token = await anonymousToken(registry.url);
  const plan = publishPlan(token, settings.servers);
  const connections = settings.publishConnections;
  const roundSeconds = settings.seconds / settings.rounds;
  await warmUp(registry, plan, connections, settings.warmupSeconds);
  const runs = await alternateRounds(
    settings.rounds,
    () => runLoad(registry, plan, connections, roundSeconds),
    async () => ({
      single: await insertLoop(workDir, 1, roundSeconds),
      grouped: await insertLoop(workDir, connections, roundSeconds),
    }),
  );
  const ours = combineRuns(runs.a);
  const single = combineLoops(
    runs.b.map((r) => r.single),
    'insert loop, 1 row/commit',
  );
  const grouped = combineLoops(
    runs.b.map((r) => r.grouped),
    `insert loop, ${connections} rows/commit`,
  );
  const rowKb = (runs.b[0]?.single.rowBytes ?? 0) / 1024;
  const label = `POST /v0/publish, ${connections} clients`;
  return [
    compare('publish', `${label} vs insert loop, 1 row/commit`, ours, single, PUBLISH_AIM, [
      `non-200: ${ours.non200}, socket errors: ${ours.errors}`,
      `${rowKb.toFixed(1)} KB rows`,
    ]),
    compare('publish-group', `${label} vs insert loop, ${connections} rows/commit`, ours, grouped, {}, [
      `group-commit ceiling: ${connections} rows share each fsync`,
    ]),
  ];
}
