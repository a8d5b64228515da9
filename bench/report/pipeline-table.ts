import { PipelineLatencyResult, VisibilityLatency } from '../scenarios/pipeline-scenario';
import { ReplayPhase, ReplayRateResult } from '../scenarios/replay-scenario';
import { markdownTable } from './results-table';

const ms = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const rate = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Publish → visible latency, embedded and distributed side by side, as a Markdown table. */
export function pipelineLatencyTable(result: PipelineLatencyResult): string {
  const row = (v: VisibilityLatency): string[] => [
    v.label,
    String(v.publishes),
    ms(v.visibleP50Ms),
    ms(v.visibleP99Ms),
    ms(v.publishP50Ms),
    ms(v.publishP99Ms),
    `${v.extraReads} reads before visible, ${v.behind} answered behind`,
  ];
  return markdownTable(
    [
      'pipeline',
      'publishes',
      'visible p50 ms',
      'visible p99 ms',
      'publish p50 ms',
      'publish p99 ms',
      'notes',
    ],
    [row(result.embedded), row(result.distributed)],
  );
}

/** Replay catch-up, one row per timed phase, as a Markdown table. */
export function replayRateTable(result: ReplayRateResult): string {
  const row = (p: ReplayPhase): string[] => [
    p.label,
    rate(p.events),
    p.seconds.toFixed(1),
    rate(p.eventsPerSecond),
  ];
  return markdownTable(
    ['replay phase', 'events', 'seconds', 'events/s'],
    [result.generated, result.embeddedRebuild, result.relay, result.distributed].map(row),
  );
}
