import { SeedEntry } from '@registry/application';
import { loadConfig } from '@registry/config';
import { openRegistry } from '@registry/registry-runtime';
import { benchServerName, datasetVersions, syntheticServer } from './synthetic-server';

export interface DatasetShape {
  servers: number;
  versionsPerServer: number;
}

export interface SeedReport {
  imported: number;
  skipped: number;
  seconds: number;
  streams: number;
}

/**
 * The entries of one import stream: every `streams`-th server from `first`, each server's versions
 * in order. Streams own disjoint servers, so running them at once never races on one entry.
 */
async function* streamEntries(
  shape: DatasetShape,
  first: number,
  streams: number,
): AsyncGenerator<SeedEntry> {
  const versions = datasetVersions(shape.versionsPerServer);
  for (let i = first; i < shape.servers; i += streams) {
    const name = benchServerName(i);
    for (const version of versions) yield { server: syntheticServer(name, version, i) };
  }
}

/**
 * Loads the dataset through the real command path (the import command: domain decision, durable
 * append, projection, read-your-writes), in-process with no HTTP. One import runs its entries one
 * after another, so one stream would pay a full fsync per version; several streams at once let the
 * event store's group commit share each fsync among them, as concurrent publishes do.
 */
export async function seedDataset(
  env: Record<string, string>,
  shape: DatasetShape,
  streams = 32,
): Promise<SeedReport> {
  const started = process.hrtime.bigint();
  const registry = await openRegistry(loadConfig(env));
  try {
    const reports = await Promise.all(
      Array.from({ length: Math.min(streams, shape.servers) }, (_, s) =>
        registry.operations.importEntries(streamEntries(shape, s, streams)),
      ),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      imported: reports.reduce((n, r) => n + r.imported, 0),
      skipped: reports.reduce((n, r) => n + r.skipped, 0),
      seconds,
      streams,
    };
  } finally {
    await registry.close();
  }
}
