import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchSettings } from '../bench-settings';
import { benchServerName } from '../dataset/synthetic-server';
import { alternateRounds, combineRuns } from '../load/alternating-rounds';
import { LoadPlan, ServerTarget, runLoad, warmUp } from '../load/http-load';
import { BenchChild } from '../processes/bench-child';
import { PrecomputedPages } from '../processes/page-baseline-server';
import { ScenarioResult, compare } from '../report/scenario-result';

/** A read scenario: the URLs it requests, in the order it cycles through them. */
export interface ReadScenario {
  id: string;
  label: string;
  /** Whether the issue names it (the others are extras that show the uncached paths). */
  required: boolean;
  urls(registryUrl: string, settings: BenchSettings): Promise<string[]>;
}

const READ_AIM = { ratio: 0.5 };

/** The search term every `search` scenario uses: it matches bench-00400 to bench-00499. */
const SEARCH_TERM = 'bench-004';

const fixed =
  (path: string): ReadScenario['urls'] =>
  async () => [path];

function encodedName(index: number): string {
  return encodeURIComponent(benchServerName(index));
}

/** `…/versions/latest` of `distinctUrls` dataset servers (at most all), spread over the dataset. */
export function latestUrls(s: BenchSettings): string[] {
  const names = Math.min(s.distinctUrls, s.servers);
  return Array.from(
    { length: names },
    (_, k) => `/v0/servers/${encodedName(Math.floor((k * s.servers) / names))}/versions/latest`,
  );
}

/** The first `count` pages of `GET /v0/servers?limit=30`, following nextCursor as a mirror would. */
async function cursorWalk(registryUrl: string, count: number): Promise<string[]> {
  const urls: string[] = [];
  let path = '/v0/servers?limit=30';
  while (urls.length < count) {
    urls.push(path);
    const page = (await (await fetch(registryUrl + path)).json()) as { metadata?: { nextCursor?: string } };
    const cursor = page.metadata?.nextCursor;
    if (cursor === undefined) break;
    path = `/v0/servers?limit=30&cursor=${encodeURIComponent(cursor)}`;
  }
  return urls;
}

export const READ_SCENARIOS: ReadScenario[] = [
  { id: 'list-30', label: 'GET /v0/servers?limit=30', required: true, urls: fixed('/v0/servers?limit=30') },
  {
    id: 'list-100',
    label: 'GET /v0/servers?limit=100',
    required: true,
    urls: fixed('/v0/servers?limit=100'),
  },
  {
    id: 'search-30',
    label: `GET /v0/servers?limit=30&search=${SEARCH_TERM}`,
    required: true,
    urls: fixed(`/v0/servers?limit=30&search=${SEARCH_TERM}`),
  },
  {
    id: 'search-100',
    label: `GET /v0/servers?limit=100&search=${SEARCH_TERM}`,
    required: true,
    urls: fixed(`/v0/servers?limit=100&search=${SEARCH_TERM}`),
  },
  {
    id: 'latest',
    label: 'GET /v0/servers/{name}/versions/latest ({n} names)',
    required: true,
    urls: async (_url, s) => latestUrls(s),
  },
  {
    id: 'walk-30',
    label: 'GET /v0/servers?limit=30&cursor=… ({n} pages, uncached)',
    required: false,
    urls: (url, s) => cursorWalk(url, s.distinctUrls),
  },
  {
    id: 'search-walk-30',
    label: 'GET /v0/servers?limit=30&search=… ({n} terms, uncached)',
    required: false,
    urls: async (_url, s) => {
      const terms = Math.min(s.distinctUrls, Math.max(1, Math.floor(s.servers / 10)));
      // bench-0NNN matches ten servers (bench-0NNN0 to bench-0NNN9): a full page of 30 versions.
      return Array.from(
        { length: terms },
        (_, k) => `/v0/servers?limit=30&search=bench-${String(k).padStart(4, '0')}`,
      );
    },
  },
];

/** The same requests for the registry and its baseline: one fixed URL, or every URL in turn. */
/** A plan cycling through `urls` (one counter for all connections). */
export function planOf(urls: string[]): LoadPlan {
  if (urls.length === 1) return { method: 'GET', path: urls[0]! };
  let k = 0;
  return {
    method: 'GET',
    // One counter for all connections: a URL comes back only after every other one has been asked.
    next: () => ({ path: urls[k++ % urls.length]! }),
  };
}

/** Fetches each URL's body from the registry: the baseline answers with exactly these bytes. */
async function precompute(registryUrl: string, urls: string[]): Promise<PrecomputedPages> {
  const pages: PrecomputedPages['pages'] = [];
  for (const url of urls) {
    const res = await fetch(registryUrl + url);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
    pages.push({ url, body });
  }
  return { pages };
}

/**
 * Measures one read scenario on the running registry and on a bare Fastify server that answers the
 * same URLs with the same precomputed bodies: same connections, both warmed up, then alternating
 * rounds of the same length.
 */
export async function runReadScenario(
  scenario: ReadScenario,
  registry: ServerTarget,
  settings: BenchSettings,
  workDir: string,
): Promise<ScenarioResult> {
  const urls = await scenario.urls(registry.url, settings);
  const pages = await precompute(registry.url, urls);
  const file = join(workDir, `${scenario.id}-pages.json`);
  writeFileSync(file, JSON.stringify(pages));
  const baselineServer = await BenchChild.start<{ port: number }>('page-baseline-server.js', {
    env: { BENCH_PAGES_FILE: file },
  });
  try {
    const baseline = { url: `http://127.0.0.1:${baselineServer.ready.port}`, pid: baselineServer.pid };
    const connections = settings.readConnections;
    const roundSeconds = settings.seconds / settings.rounds;
    // One plan per side for the whole scenario, so a rotation carries on across rounds.
    const oursPlan = planOf(urls);
    const basePlan = planOf(urls);
    await warmUp(registry, oursPlan, connections, settings.warmupSeconds);
    await warmUp(baseline, basePlan, connections, settings.warmupSeconds);
    const runs = await alternateRounds(
      settings.rounds,
      () => runLoad(registry, oursPlan, connections, roundSeconds),
      () => runLoad(baseline, basePlan, connections, roundSeconds),
    );
    const ours = combineRuns(runs.a);
    const base = combineRuns(runs.b);
    if (base.non200 > 0 || base.errors > 0) {
      throw new Error(`baseline of ${scenario.id} failed: ${JSON.stringify(base)}`);
    }
    const bytes = pages.pages.reduce((n, p) => n + Buffer.byteLength(p.body), 0) / pages.pages.length;
    const shape = `${urls.length === 1 ? '1 URL' : `${urls.length} URLs`}, ${(bytes / 1024).toFixed(1)} KB`;
    return compare(
      scenario.id,
      scenario.label.replace('{n}', String(urls.length)),
      ours,
      {
        label: 'bare Fastify, precomputed body',
        requestsPerSecond: base.requestsPerSecond,
        p99Ms: base.p99Ms,
        ...(base.cpuUsPerRequest !== undefined ? { cpuUsPerRequest: base.cpuUsPerRequest } : {}),
      },
      // Only the issue's scenarios carry its aim; the extras show the uncached paths, with no aim.
      scenario.required ? READ_AIM : {},
      [scenario.required ? shape : `${shape}, extra`],
    );
  } finally {
    await baselineServer.stop();
  }
}
