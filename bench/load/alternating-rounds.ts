import { LoadResult } from './http-load';

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Measures two sides in alternating rounds (A B A B …) rather than all of A then all of B, so a burst
 * of other work on a shared machine lands on both sides instead of skewing one.
 */
export async function alternateRounds<A, B>(
  rounds: number,
  a: () => Promise<A>,
  b: () => Promise<B>,
): Promise<{ a: A[]; b: B[] }> {
  const out: { a: A[]; b: B[] } = { a: [], b: [] };
  for (let i = 0; i < rounds; i++) {
    out.a.push(await a());
    out.b.push(await b());
  }
  return out;
}

/**
 * The rounds of one side as one result: 200 responses over the total measured time, CPU over all
 * 200s; latency percentiles are the median of the rounds' (histograms of separate runs do not merge).
 */
export function combineRuns(runs: LoadResult[]): LoadResult {
  const sum = (f: (r: LoadResult) => number): number => runs.reduce((n, r) => n + f(r), 0);
  const ok = sum((r) => r.ok);
  const seconds = sum((r) => r.seconds);
  const withCpu = runs.filter((r) => r.cpuUsPerRequest !== undefined);
  const cpuUs = withCpu.reduce((n, r) => n + r.cpuUsPerRequest! * r.ok, 0);
  const okWithCpu = withCpu.reduce((n, r) => n + r.ok, 0);
  return {
    requestsPerSecond: seconds > 0 ? ok / seconds : 0,
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    ok,
    non200: sum((r) => r.non200),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    bytesPerResponse: Math.round(median(runs.map((r) => r.bytesPerResponse))),
    seconds,
    ...(withCpu.length === runs.length && okWithCpu > 0 ? { cpuUsPerRequest: cpuUs / okWithCpu } : {}),
  };
}
