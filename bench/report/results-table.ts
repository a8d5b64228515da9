import { ScenarioResult } from './scenario-result';

const HEADER = [
  'scenario',
  'ours req/s',
  'ours p99 ms',
  'baseline req/s',
  'baseline p99 ms',
  'ratio',
  'notes',
];

function perSecond(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function millis(n: number): string {
  return n < 10 ? n.toFixed(2) : n.toFixed(1);
}

/** The results as a Markdown table, so a run's output can be pasted into docs/benchmarks.md as is. */
export function resultsTable(results: ScenarioResult[]): string {
  const rows = results.map((r) => [
    r.scenario,
    perSecond(r.ours.requestsPerSecond),
    millis(r.ours.p99Ms),
    perSecond(r.baseline.requestsPerSecond),
    millis(r.baseline.p99Ms),
    `${r.ratio.toFixed(2)}×`,
    r.notes.join('; '),
  ]);
  return markdownTable(HEADER, rows);
}

const CPU_HEADER = ['scenario', 'ours CPU µs/req', 'baseline CPU µs/req', 'CPU ratio'];

/**
 * CPU each server process spent per request: the throughput ratio the two would show with a core
 * each to themselves, and much steadier than requests per second when other work shares the machine.
 * The insert loop has no figure (its time is fsync waits, not CPU).
 */
export function cpuTable(results: ScenarioResult[]): string {
  const us = (n: number | undefined): string =>
    n === undefined ? '–' : Math.round(n).toLocaleString('en-US');
  // Both publish rows share one measurement of the registry: show it once.
  const rows = results
    .filter(
      (r, i) =>
        r.ours.cpuUsPerRequest !== undefined && results.findIndex((o) => o.ours.load === r.ours.load) === i,
    )
    .map((r) => {
      const ours = r.ours.cpuUsPerRequest;
      const base = r.baseline.cpuUsPerRequest;
      return [
        r.scenario,
        us(ours),
        us(base),
        ours !== undefined && base !== undefined && ours > 0 ? `${(base / ours).toFixed(2)}×` : '–',
      ];
    });
  return markdownTable(CPU_HEADER, rows);
}

/** Numeric columns (all but the first, and the last `notes` one) are right-aligned. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = (i: number): boolean => i >= 1 && i < header.length - (header.at(-1) === 'notes' ? 1 : 0);
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** One line per aim of the issue: met or missed, with the figure. */
export function verdicts(results: ScenarioResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.aim.ratio !== undefined) {
      const met = r.ratio >= r.aim.ratio;
      lines.push(
        `${met ? 'met   ' : 'MISSED'} ${r.id}: ${r.ratio.toFixed(2)}× of baseline (aim ≥ ${r.aim.ratio}×)`,
      );
    }
    if (r.aim.perSecond !== undefined) {
      const met = r.ours.requestsPerSecond >= r.aim.perSecond;
      const failed = r.ours.load.non200 + r.ours.load.errors;
      lines.push(
        `${met && failed === 0 ? 'met   ' : 'MISSED'} ${r.id}: ${perSecond(r.ours.requestsPerSecond)} durable publishes/s ` +
          `(aim ≥ ${perSecond(r.aim.perSecond)}/s, ${failed} failed requests)`,
      );
    }
  }
  return lines;
}
