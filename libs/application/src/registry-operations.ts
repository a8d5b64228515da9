import { OfficialMeta } from '@registry/domain/server-json/server-json';

/** One entry of an import source: a server.json, and the source registry's metadata when it has any. */
export interface SeedEntry {
  server: unknown;
  official?: Partial<OfficialMeta>;
}

export type ImportOutcome =
  | { kind: 'imported'; name: string; version: string; warnings: string[] }
  | { kind: 'skipped'; name?: string; version?: string; reason: string };

export interface ImportReport {
  imported: number;
  skipped: number;
  warnings: number;
}

/** Operator operations that run in-process on the store (CLI import and replay, start-up seeding). */
export interface RegistryOperations {
  importEntries(
    entries: AsyncIterable<SeedEntry>,
    onOutcome?: (outcome: ImportOutcome, index: number) => void,
  ): Promise<ImportReport>;
  /** Rebuilds the read model from event position 0 and switches reads to it. */
  rebuildReadModel(onProgress?: (position: number, head: number) => void): Promise<{ events: number }>;
  /** Drops the read model the last rebuild switched away from (kept until then for rollback). */
  dropPreviousReadModel(): Promise<string[]>;
}
