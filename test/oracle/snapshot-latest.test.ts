import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { READ_MODEL, ReadModel, RegistryOperations, SeedEntry } from '@registry/application';
import { OFFICIAL_META_KEY, OfficialMeta } from '@registry/domain/server-json/server-json';
import { openRegistry } from '@registry/registry-runtime';
import { SNAPSHOT_FILE } from '@test/support/repo-paths';
import { testConfig } from '@test/support/test-config';

interface SnapshotRow {
  server: { name: string; version: string };
  _meta: Record<string, OfficialMeta>;
}

/**
 * The oracle: replaying the official registry's snapshot in publishedAt order through our import
 * path must reproduce the isLatest flag the official registry computed for every version.
 */
describe('oracle: isLatest of the official snapshot (2,794 versions)', () => {
  const rows = JSON.parse(readFileSync(SNAPSHOT_FILE(), 'utf8')) as SnapshotRow[];
  const { config, cleanup } = testConfig();
  let registry: { operations: RegistryOperations; close(): Promise<void>; get<T>(token: symbol): T };

  before(async () => {
    registry = await openRegistry(config);
  });
  after(async () => {
    await registry.close();
    cleanup();
  });

  it('imports every entry, in publishedAt order', async () => {
    const ordered = rows
      .map((row, i) => ({ row, i }))
      .sort((a, b) => {
        const pa = a.row._meta[OFFICIAL_META_KEY]!.publishedAt;
        const pb = b.row._meta[OFFICIAL_META_KEY]!.publishedAt;
        return pa < pb ? -1 : pa > pb ? 1 : a.i - b.i;
      })
      .map(({ row }) => row);
    async function* entries(): AsyncIterable<SeedEntry> {
      for (const row of ordered) yield { server: row.server, official: row._meta[OFFICIAL_META_KEY] };
    }
    const skipped: string[] = [];
    const report = await registry.operations.importEntries(entries(), (o) => {
      if (o.kind === 'skipped') skipped.push(`${o.name}@${o.version}: ${o.reason}`);
    });
    assert.deepEqual(skipped, []);
    assert.equal(report.imported, 2794);
  });

  it('reproduces the official isLatest of every version', async () => {
    const readModel = registry.get<ReadModel>(READ_MODEL);
    const mismatches: string[] = [];
    for (const row of rows) {
      const doc = await readModel.getVersion(row.server.name, row.server.version, true);
      assert.ok(doc, `${row.server.name}@${row.server.version} is readable`);
      const ours = (JSON.parse(doc) as SnapshotRow)._meta[OFFICIAL_META_KEY]!.isLatest;
      const theirs = row._meta[OFFICIAL_META_KEY]!.isLatest;
      if (ours !== theirs)
        mismatches.push(`${row.server.name}@${row.server.version}: ours ${ours}, official ${theirs}`);
    }
    assert.deepEqual(mismatches, []);
  });
});
