import { LoadResult } from '../load/http-load';

/** One side of a comparison: what was measured, in the same units for the registry and its baseline. */
export interface Measured {
  label: string;
  requestsPerSecond: number;
  p99Ms: number;
  /** CPU the server process spent per request (Linux only; not for the insert loop). */
  cpuUsPerRequest?: number;
}

/** One row of the report: the registry beside the baseline measured right after it, in the same run. */
export interface ScenarioResult {
  id: string;
  scenario: string;
  ours: Measured & { load: LoadResult };
  baseline: Measured;
  /** ours / baseline requests per second. */
  ratio: number;
  /** What the issue asks of this row, for the verdict. */
  aim: { ratio?: number; perSecond?: number };
  notes: string[];
}

export function compare(
  id: string,
  scenario: string,
  ours: LoadResult,
  baseline: Measured,
  aim: ScenarioResult['aim'],
  notes: string[] = [],
): ScenarioResult {
  return {
    id,
    scenario,
    ours: {
      label: 'registry',
      requestsPerSecond: ours.requestsPerSecond,
      p99Ms: ours.p99Ms,
      ...(ours.cpuUsPerRequest !== undefined ? { cpuUsPerRequest: ours.cpuUsPerRequest } : {}),
      load: ours,
    },
    baseline,
    ratio: baseline.requestsPerSecond > 0 ? ours.requestsPerSecond / baseline.requestsPerSecond : 0,
    aim,
    notes,
  };
}
