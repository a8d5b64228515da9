/** Why an import source could not be read; each kind maps to one short operator-facing reason. */
export type SeedSourceProblem =
  'not-found' | 'unreadable' | 'unreachable' | 'http-status' | 'not-json' | 'not-a-list' | 'cursor-loop';

/**
 * An import source (file, URL or registry list endpoint) that cannot be used. The message is one line,
 * names the source and says what is wrong, so the CLI and start-up seeding can print it as it is.
 */
export class SeedSourceError extends Error {
  constructor(
    readonly source: string,
    readonly problem: SeedSourceProblem,
    reason: string,
  ) {
    super(`cannot import from ${source}: ${reason}`.replace(/\s*[\r\n]+\s*/g, ' '));
    this.name = 'SeedSourceError';
  }
}
