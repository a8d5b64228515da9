import { searchFieldsOf, searchWords } from '@registry/application/search';
import { BenchSettings } from '../bench-settings';
import { benchServerName, datasetVersions, syntheticServer } from '../dataset/synthetic-server';
import { alternateRounds, combineRuns } from '../load/alternating-rounds';
import { ServerTarget, runLoad, warmUp } from '../load/http-load';
import { ScenarioResult, compare } from '../report/scenario-result';
import { planOf } from './read-scenarios';

/** The page every search is compared with: the first list page, answered from the page cache. */
const CACHED_PAGE = '/v0/servers?limit=30';
const SEARCH_AIM = { ratio: 0.3 };

/** Where this registry's full-text search lives, from its card (the extension namespace varies). */
async function searchPath(registryUrl: string): Promise<string> {
  const card = (await (await fetch(`${registryUrl}/.well-known/mcp-registry`)).json()) as {
    extensions: Record<string, { url: string }>;
  };
  const url = card.extensions.search?.url;
  if (url === undefined) throw new Error('the registry card names no search extension');
  return new URL(url, registryUrl).pathname;
}

/**
 * The dataset's words, each with the number of servers (latest versions) holding it, as the search
 * indexes them: computed from the same generator that loaded the dataset.
 */
export function datasetWords(servers: number, versionsPerServer: number): Map<string, number> {
  const latest = datasetVersions(versionsPerServer).at(-1)!;
  const counts = new Map<string, number>();
  for (let i = 0; i < servers; i++) {
    const name = benchServerName(i);
    const fields = searchFieldsOf(name, syntheticServer(name, latest, i));
    const words = new Set(searchWords(Object.values(fields).join(' ')).map((w) => w.toLowerCase()));
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** `count` different words of the dataset, drawn at random (a fixed seed: every run asks the same). */
export function drawWords(words: Map<string, number>, count: number): string[] {
  const all = [...words.keys()].sort();
  let seed = 20251218;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, Math.min(count, all.length));
}

/** Checks every URL answers 200 with at least one server (a search of the dataset's own words). */
async function assertAnswered(registryUrl: string, urls: string[]): Promise<void> {
  for (const url of urls) {
    const res = await fetch(registryUrl + url);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
    if ((JSON.parse(body) as { servers: unknown[] }).servers.length === 0)
      throw new Error(`GET ${url} found nothing`);
  }
}

/** The pages of one search, following nextCursor, up to `count`. */
async function pagesOf(registryUrl: string, first: string, count: number): Promise<string[]> {
  const urls: string[] = [];
  for (let path: string | undefined = first; path !== undefined && urls.length < count;) {
    urls.push(path);
    const page = (await (await fetch(registryUrl + path)).json()) as { metadata: { nextCursor?: string } };
    const cursor = page.metadata.nextCursor;
    path = cursor === undefined ? undefined : `${first}&cursor=${encodeURIComponent(cursor)}`;
  }
  return urls;
}

/**
 * `search` (BENCH_ONLY=search): uncached full-text searches beside the cached list page, two rows.
 * The aim's: a different word of the dataset per request (500 in turn, more than the page cache
 * holds), drawn at random from its vocabulary. An extra: the words one server in twelve holds, paged
 * with their cursors, so that every request ranks hundreds of hits.
 */
export async function runSearchScenarios(
  registry: ServerTarget,
  settings: BenchSettings,
): Promise<ScenarioResult[]> {
  return [
    await runSearchScenario('search', registry, settings),
    await runSearchScenario('search-broad', registry, settings),
  ];
}

/**
 * One row: the searches and the cached list page on the same registry in alternating rounds (A B A B
 * …, same connections), so the ratio is what a search costs against the cheapest read there is.
 */
async function runSearchScenario(
  id: 'search' | 'search-broad',
  registry: ServerTarget,
  settings: BenchSettings,
): Promise<ScenarioResult> {
  const path = await searchPath(registry.url);
  const words = datasetWords(settings.servers, settings.versionsPerServer);
  let urls: string[];
  let label: string;
  const notes: string[] = [];
  if (id === 'search') {
    const drawn = drawWords(words, settings.distinctUrls);
    urls = drawn.map((w) => `${path}?q=${encodeURIComponent(w)}&limit=30`);
    const hits = drawn.map((w) => words.get(w)!);
    const broad = hits.filter((n) => n > 100).length;
    label = `GET …/search?q=… (${urls.length} dataset words in turn, uncached) vs the cached list page`;
    notes.push(
      `${hits.filter((n) => n === 1).length} words held by 1 server, ${hits.length - broad - hits.filter((n) => n === 1).length} by 2–100, ${broad} by more`,
    );
  } else {
    // The dataset's topic words (weather, postgres, …): each held by one server in twelve.
    const topical = [...words].filter(([, n]) => n > settings.servers / 20 && n < settings.servers / 5);
    // Every page of each word, then again at a page size one smaller, until there are enough
    // different requests to defeat the page cache.
    urls = [];
    for (let limit = 30; limit > 10 && urls.length < settings.distinctUrls; limit--) {
      for (const [word] of topical) {
        urls.push(
          ...(await pagesOf(registry.url, `${path}?q=${encodeURIComponent(word)}&limit=${limit}`, 1_000)),
        );
      }
    }
    const held = Math.round(topical.reduce((n, [, c]) => n + c, 0) / Math.max(1, topical.length));
    label = `GET …/search?q=…&cursor=… (${topical.length} words of ~${held} servers each, ${urls.length} pages, uncached) vs the cached list page`;
  }
  await assertAnswered(registry.url, urls);
  const connections = settings.readConnections;
  const roundSeconds = settings.seconds / settings.rounds;
  const searches = planOf(urls);
  const cached = planOf([CACHED_PAGE]);
  await warmUp(registry, searches, connections, settings.warmupSeconds);
  await warmUp(registry, cached, connections, settings.warmupSeconds);
  const runs = await alternateRounds(
    settings.rounds,
    () => runLoad(registry, searches, connections, roundSeconds),
    () => runLoad(registry, cached, connections, roundSeconds),
  );
  const ours = combineRuns(runs.a);
  const page = combineRuns(runs.b);
  if (page.non200 > 0 || page.errors > 0) throw new Error(`the cached page failed: ${JSON.stringify(page)}`);
  notes.unshift(`${(ours.bytesPerResponse / 1024).toFixed(1)} KB per answer`);
  return compare(
    id,
    label,
    ours,
    {
      label: `GET ${CACHED_PAGE} (page-cache hit), same registry`,
      requestsPerSecond: page.requestsPerSecond,
      p99Ms: page.p99Ms,
      ...(page.cpuUsPerRequest !== undefined ? { cpuUsPerRequest: page.cpuUsPerRequest } : {}),
    },
    id === 'search' ? SEARCH_AIM : {},
    id === 'search' ? notes : [...notes, 'extra'],
  );
}
