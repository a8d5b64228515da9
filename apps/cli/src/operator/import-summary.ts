import { ImportOutcome, ImportReport } from '@registry/application/registry-operations';

/** One entry of the source that was skipped or imported with a warning; `index` counts from 0. */
export interface EntryNote {
  index: number;
  name: string | null;
  version: string | null;
  note: string;
}

/** Gathers what an import did, entry by entry, for the summary printed at the end. */
export class ImportSummary {
  readonly skipped: EntryNote[] = [];
  readonly warnings: EntryNote[] = [];
  imported = 0;

  record(outcome: ImportOutcome, index: number): void {
    const entry = { index, name: outcome.name || null, version: outcome.version || null };
    if (outcome.kind === 'imported') {
      this.imported++;
      for (const warning of outcome.warnings) this.warnings.push({ ...entry, note: warning });
    } else {
      this.skipped.push({ ...entry, note: outcome.reason });
    }
  }

  /** Lines for stdout; lists are cut at `limit` items unless verbose. */
  render(report: ImportReport, source: string, seconds: string, verbose: boolean, limit = 20): string {
    const lines = [
      `Imported ${report.imported} of ${report.imported + report.skipped} entries from ${source} in ${seconds}`,
    ];
    const list = (title: string, items: EntryNote[]) => {
      if (items.length === 0) return;
      lines.push(`${title}:`);
      const shown = verbose ? items : items.slice(0, limit);
      for (const item of shown) lines.push(`  ${describe(item)}: ${item.note}`);
      if (shown.length < items.length) {
        lines.push(`  … and ${items.length - shown.length} more (--verbose lists all)`);
      }
    };
    lines.push(`Skipped ${report.skipped}${report.skipped > 0 ? ` (${reasonCounts(this.skipped)})` : ''}`);
    list('Skipped entries', this.skipped);
    lines.push(`Warnings ${report.warnings}`);
    list('Warnings', this.warnings);
    return lines.join('\n') + '\n';
  }

  /** The `--json` result: the counts, and every skipped entry and warning (never cut). */
  result(report: ImportReport, source: string, seconds: number): Record<string, unknown> {
    const entries = (items: EntryNote[], key: 'reason' | 'warning') =>
      items.map(({ note, ...entry }) => ({ ...entry, [key]: note }));
    return {
      source,
      imported: report.imported,
      skipped: report.skipped,
      warnings: report.warnings,
      seconds,
      skippedEntries: entries(this.skipped, 'reason'),
      warningEntries: entries(this.warnings, 'warning'),
    };
  }
}

function describe(entry: EntryNote): string {
  if (entry.name === null) return `entry #${entry.index + 1}`;
  return entry.version === null ? entry.name : `${entry.name} ${entry.version}`;
}

/** `3 × duplicate version, 1 × invalid server.json`: how often each reason occurred, most frequent first. */
function reasonCounts(skipped: EntryNote[]): string {
  const counts = new Map<string, number>();
  for (const s of skipped) {
    const key = s.note.split(':')[0].trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([reason, n]) => `${n} × ${reason}`)
    .join(', ');
}
