import { ImportOutcome, ImportReport } from '@registry/application/registry-operations';

/** Gathers what an import did, entry by entry, for the summary printed at the end. */
export class ImportSummary {
  readonly skipped: Array<{ what: string; reason: string }> = [];
  readonly warnings: Array<{ what: string; warning: string }> = [];
  imported = 0;

  record(outcome: ImportOutcome, index: number): void {
    const what = outcome.name
      ? `${outcome.name}${outcome.version ? ` ${outcome.version}` : ''}`
      : `entry #${index + 1}`;
    if (outcome.kind === 'imported') {
      this.imported++;
      for (const warning of outcome.warnings) this.warnings.push({ what, warning });
    } else {
      this.skipped.push({ what, reason: outcome.reason });
    }
  }

  /** Lines for stdout; lists are cut at `limit` items unless verbose. */
  render(report: ImportReport, source: string, seconds: string, verbose: boolean, limit = 20): string {
    const lines = [
      `Imported ${report.imported} of ${report.imported + report.skipped} entries from ${source} in ${seconds}`,
    ];
    const list = <T>(title: string, items: T[], line: (item: T) => string) => {
      if (items.length === 0) return;
      lines.push(`${title}:`);
      const shown = verbose ? items : items.slice(0, limit);
      for (const item of shown) lines.push(`  ${line(item)}`);
      if (shown.length < items.length) {
        lines.push(`  … and ${items.length - shown.length} more (--verbose lists all)`);
      }
    };
    lines.push(`Skipped ${report.skipped}${report.skipped > 0 ? ` (${reasonCounts(this.skipped)})` : ''}`);
    list('Skipped entries', this.skipped, (s) => `${s.what}: ${s.reason}`);
    lines.push(`Warnings ${report.warnings}`);
    list('Warnings', this.warnings, (w) => `${w.what}: ${w.warning}`);
    return lines.join('\n') + '\n';
  }
}

/** `3 × duplicate version, 1 × invalid server.json`: how often each reason occurred, most frequent first. */
function reasonCounts(skipped: Array<{ reason: string }>): string {
  const counts = new Map<string, number>();
  for (const s of skipped) {
    const key = s.reason.split(':')[0].trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([reason, n]) => `${n} × ${reason}`)
    .join(', ');
}
