import autocannon from 'autocannon';
import { processCpuSeconds } from './process-cpu';

/** What one load run sends: one fixed request, or a fresh one per request (`next`). */
export type LoadPlan =
  | { method: 'GET' | 'POST'; headers?: Record<string, string>; path: string; body?: string }
  | { method: 'GET' | 'POST'; headers?: Record<string, string>; next: () => { path: string; body?: string } };

/** A server under load: where it listens, and its process (to read the CPU it spends). */
export interface ServerTarget {
  url: string;
  pid: number | undefined;
}

/** One measured run: successful requests per second and latency, plus every kind of failure. */
export interface LoadResult {
  /** 200 responses per second of the measured run (nothing else counts). */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  /** Responses other than 200. */
  non200: number;
  errors: number;
  timeouts: number;
  bytesPerResponse: number;
  seconds: number;
  /** CPU the server process spent per 200 response during the measured run (Linux only). */
  cpuUsPerRequest?: number;
}

function options(baseUrl: string, plan: LoadPlan, connections: number, seconds: number): autocannon.Options {
  const common = { url: baseUrl, connections, duration: seconds, timeout: 30 };
  if ('path' in plan) {
    return {
      ...common,
      method: plan.method,
      ...(plan.headers !== undefined ? { headers: plan.headers } : {}),
      ...(plan.body !== undefined ? { body: plan.body } : {}),
      url: new URL(plan.path, baseUrl).toString(),
    };
  }
  const next = plan.next;
  return {
    ...common,
    requests: [
      {
        method: plan.method,
        ...(plan.headers !== undefined ? { headers: plan.headers } : {}),
        setupRequest: (request) => {
          const { path, body } = next();
          return { ...request, path, ...(body !== undefined ? { body } : {}) };
        },
      },
    ],
  };
}

/** Load the target and throw the figures away: JIT, caches and connections settle first. */
export async function warmUp(
  target: ServerTarget,
  plan: LoadPlan,
  connections: number,
  seconds: number,
): Promise<void> {
  if (seconds > 0) await autocannon(options(target.url, plan, connections, seconds));
}

/**
 * One measured run of autocannon from this process against the target (which runs in another
 * process), with the CPU the target's process spent meanwhile.
 */
export async function runLoad(
  target: ServerTarget,
  plan: LoadPlan,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const cpuBefore = processCpuSeconds(target.pid);
  const r = await autocannon(options(target.url, plan, connections, seconds));
  const cpuAfter = processCpuSeconds(target.pid);
  const responses = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  const ok = r.statusCodeStats?.['200']?.count ?? 0;
  return {
    requestsPerSecond: ok / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    ok,
    non200: responses - ok,
    errors: r.errors,
    timeouts: r.timeouts,
    bytesPerResponse: responses > 0 ? Math.round(r.throughput.total / responses) : 0,
    seconds: r.duration,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && ok > 0
      ? { cpuUsPerRequest: ((cpuAfter - cpuBefore) * 1e6) / ok }
      : {}),
  };
}
