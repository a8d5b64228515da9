import { OutputStream } from '../cli-context';

/**
 * Progress of a long operator command (import, replay) on stderr. On a terminal it redraws one line
 * in place: bar, count/total, rate and ETA. Anywhere else (a log file, CI, a pipe) a redrawn line
 * would be noise, so it writes a plain line at most every `lineIntervalMs`, and one at the end.
 */
export interface ProgressBarOptions {
  stream: OutputStream;
  /** What is running, first on every line: `import`, `replay`. */
  label: string;
  /** What is counted: `entries`, `events`. */
  unit: string;
  total?: number;
  /** Monotonic milliseconds; injected so that rates and ETAs are testable. */
  clock: () => number;
  lineIntervalMs?: number;
  redrawIntervalMs?: number;
}

export interface ProgressSnapshot {
  done: number;
  total?: number;
  elapsedMs: number;
}

const BAR_WIDTH = 24;

export class ProgressBar {
  private done = 0;
  private total: number | undefined;
  private readonly startedAt: number;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private lastWrittenDone = -1;
  private finished = false;
  private readonly tty: boolean;

  constructor(private readonly options: ProgressBarOptions) {
    this.total = options.total;
    this.startedAt = options.clock();
    this.tty = options.stream.isTTY === true;
    // A log line after one item would extrapolate a rate and ETA from nothing: wait one interval.
    if (!this.tty) this.lastWriteAt = this.startedAt;
  }

  setTotal(total: number): void {
    this.total = total;
  }

  /** Records that `done` items are complete (and the total, once known), drawing if it is time to. */
  update(done: number, total?: number): void {
    if (this.finished) return;
    this.done = done;
    if (total !== undefined) this.total = total;
    const now = this.options.clock();
    const interval = this.tty
      ? (this.options.redrawIntervalMs ?? 100)
      : (this.options.lineIntervalMs ?? 2000);
    if (now - this.lastWriteAt >= interval) this.write(now);
  }

  tick(): void {
    this.update(this.done + 1);
  }

  /** Draws the final state; on a terminal it also ends the line so that later output starts clean. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const now = this.options.clock();
    if (this.tty) {
      this.write(now);
      this.options.stream.write('\n');
    } else if (this.done !== this.lastWrittenDone) {
      this.write(now);
    }
  }

  private write(now: number): void {
    this.lastWriteAt = now;
    this.lastWrittenDone = this.done;
    const snapshot = { done: this.done, total: this.total, elapsedMs: now - this.startedAt };
    const { label, unit, stream } = this.options;
    if (this.tty) {
      const width = Math.max(20, (stream.columns || 80) - 1);
      stream.write(`\r${renderProgressLine(snapshot, label, unit, width)}\x1b[K`);
    } else {
      stream.write(`${renderPlainProgressLine(snapshot, label, unit)}\n`);
    }
  }
}

/** The terminal line: `import [████░░░░] 120/2794 4% · 350 entries/s · ETA 7s`, cut to `width`. */
export function renderProgressLine(
  snapshot: ProgressSnapshot,
  label: string,
  unit: string,
  width: number,
): string {
  const parts = describeProgress(snapshot, unit);
  const tail = [parts.rate, parts.eta ?? parts.elapsed].join(' · ');
  let line: string;
  if (snapshot.total === undefined) {
    line = `${label} ${parts.count} · ${tail}`;
  } else {
    const counts = `${parts.count} ${parts.percent}`;
    const room = width - (label.length + counts.length + tail.length + 8);
    const barWidth = Math.max(0, Math.min(BAR_WIDTH, room));
    const bar = barWidth >= 5 ? ` [${barOf(snapshot.done, snapshot.total, barWidth)}]` : '';
    line = `${label}${bar} ${counts} · ${tail}`;
  }
  return line.length > width ? line.slice(0, width) : line;
}

/** The log line: `import: 120/2794 entries (4%), 350/s, ETA 7s`. */
export function renderPlainProgressLine(snapshot: ProgressSnapshot, label: string, unit: string): string {
  const parts = describeProgress(snapshot, unit);
  const percent = parts.percent ? ` (${parts.percent})` : '';
  return `${label}: ${parts.count} ${unit}${percent}, ${parts.rate}, ${parts.eta ?? parts.elapsed}`;
}

export function describeProgress(
  { done, total, elapsedMs }: ProgressSnapshot,
  unit: string,
): { count: string; percent?: string; rate: string; eta?: string; elapsed: string } {
  const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : undefined;
  const rate = perSecond === undefined ? `- ${unit}/s` : `${formatRate(perSecond)} ${unit}/s`;
  const elapsed = `${formatDuration(elapsedMs / 1000)} elapsed`;
  if (total === undefined) return { count: String(done), rate, elapsed };
  const percent = `${total === 0 ? 100 : Math.floor((Math.min(done, total) * 100) / total)}%`;
  let eta: string | undefined;
  if (done >= total) eta = `done in ${formatDuration(elapsedMs / 1000)}`;
  else if (perSecond !== undefined && perSecond > 0)
    eta = `ETA ${formatDuration((total - done) / perSecond)}`;
  return { count: `${done}/${total}`, percent, rate, eta, elapsed };
}

function barOf(done: number, total: number, width: number): string {
  const filled = total === 0 ? width : Math.min(width, Math.floor((done / total) * width));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

function formatRate(perSecond: number): string {
  return perSecond < 10 ? perSecond.toFixed(1) : String(Math.round(perSecond));
}

/** `42s`, `3m05s`, `1h02m`: short enough for one line, precise enough for an ETA. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
