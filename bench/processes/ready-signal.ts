/** The line a benchmark child prints on stdout once it serves (or once it has a result). */
export const READY_PREFIX = 'BENCH_READY ';

export function announce(payload: object): void {
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(payload)}\n`);
}

/**
 * A benchmark child lives as long as its parent holds its stdin open: when the parent closes it (or
 * dies), the child shuts down cleanly, which also lets `--cpu-prof` write its profile.
 */
export function stopWhenParentLets(stop: () => Promise<void>): void {
  process.stdin.resume();
  process.stdin.once('end', () => {
    stop()
      .catch((error: unknown) => process.stderr.write(`stop failed: ${String(error)}\n`))
      .finally(() => process.exit(0));
  });
}
