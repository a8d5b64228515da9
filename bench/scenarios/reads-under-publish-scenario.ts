import { BenchSettings } from '../bench-settings';
import { alternateRounds, combineRuns } from '../load/alternating-rounds';
import { LoadResult, ServerTarget, runLoad, warmUp } from '../load/http-load';
import { ScenarioResult, compare } from '../report/scenario-result';
import { anonymousToken, publishPlan } from './publish-scenario';
import { latestUrls, planOf } from './read-scenarios';

/** The version major this scenario publishes under (the publish scenario uses 2). */
const MAJOR = 3;

/** The CPU figure of a run that shared the server with another load is meaningless: leave it out. */
function withoutCpu(run: LoadResult): LoadResult {
  const { cpuUsPerRequest: _shared, ...rest } = run;
  return rest;
}

/**
 * What publishing does to readers: `GET …/versions/latest` over many names while the publish
 * concurrency publishes, beside the same reads alone, in alternating rounds. A registry whose
 * commits or projection run on the event loop that serves reads shows it here: every fsync and
 * every projection batch holds up the reads queued behind it.
 */
export async function runReadsUnderPublishScenario(
  registry: ServerTarget,
  settings: BenchSettings,
): Promise<ScenarioResult> {
  const token = await anonymousToken(registry.url);
  const publishes = publishPlan(token, settings.servers, MAJOR);
  const urls = latestUrls(settings);
  const reads = planOf(urls);
  const readers = settings.publishConnections;
  const roundSeconds = settings.seconds / settings.rounds;
  await warmUp(registry, reads, readers, Math.min(settings.warmupSeconds, 1));
  const runs = await alternateRounds(
    settings.rounds,
    async () => {
      const [read, published] = await Promise.all([
        runLoad(registry, reads, readers, roundSeconds),
        runLoad(registry, publishes, settings.publishConnections, roundSeconds),
      ]);
      return { read: withoutCpu(read), published: withoutCpu(published) };
    },
    () => runLoad(registry, reads, readers, roundSeconds),
  );
  const underLoad = combineRuns(runs.a.map((r) => r.read));
  const published = combineRuns(runs.a.map((r) => r.published));
  const alone = combineRuns(runs.b);
  return compare(
    'reads-under-publish',
    `GET …/versions/latest (${urls.length} names), ${readers} clients, while ${settings.publishConnections} clients publish, vs the same reads alone`,
    underLoad,
    { label: 'same reads, no publishes', requestsPerSecond: alone.requestsPerSecond, p99Ms: alone.p99Ms },
    {},
    [
      `publishes meanwhile: ${Math.round(published.requestsPerSecond)}/s (non-200: ${published.non200})`,
      `reads p50 ${underLoad.p50Ms} ms vs ${alone.p50Ms} ms alone; non-200: ${underLoad.non200}`,
    ],
  );
}
