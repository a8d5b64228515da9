import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeGitHubApi } from '@test/support/fakes/github';
import { RegistryUnderTest } from '@test/support/registry-under-test';
import { EDGE_ROWS } from './edge-rows';
import { IMPORT_ROWS, PARITY_SEED } from './import-rows';
import { LOGIN_ROWS } from './login-rows';
import { PACKAGE_ROWS } from './package-rows';
import { PARITY_DOC, parityDocIds } from './parity-doc';
import { ParityRow, ParityWorld } from './parity-row';
import { READ_ROWS } from './read-rows';
import { WRITE_ROWS } from './write-rows';

/**
 * Every behaviour in which this registry deliberately differs from the official one (v1.7.0), one
 * row each, named as in docs/parity.md. A row pins what we answer; the last test keeps the table
 * and the document listing the same rows.
 */
const PARITY_TABLE: ParityRow[] = [
  ...WRITE_ROWS,
  ...READ_ROWS,
  ...IMPORT_ROWS,
  ...LOGIN_ROWS,
  ...PACKAGE_ROWS,
  ...EDGE_ROWS,
];

describe('parity table: what we deliberately do differently from the official registry', () => {
  const seedDir = mkdtempSync(join(tmpdir(), 'parity-seed-'));
  const github = new FakeGitHubApi();
  let world: ParityWorld;

  before(async () => {
    const seed = join(seedDir, 'seed.json');
    writeFileSync(seed, JSON.stringify(PARITY_SEED));
    await github.start();
    const registry = await RegistryUnderTest.start({
      MCP_REGISTRY_SEED_FROM: seed,
      MCP_REGISTRY_GITHUB_API_URL: github.url,
    });
    world = { registry, github, token: await registry.token(['io.github.parity/*']) };
  });
  after(async () => {
    await world?.registry.close();
    await github.close();
    rmSync(seedDir, { recursive: true, force: true });
  });

  for (const row of PARITY_TABLE) {
    it(row.id, () => row.pin(world));
  }

  it('docs/parity.md lists exactly the rows of this table, once each', () => {
    const documented = parityDocIds();
    const tested = PARITY_TABLE.map((row) => row.id);
    assert.equal(new Set(tested).size, tested.length, 'a row id is used twice in the table');
    assert.equal(new Set(documented).size, documented.length, `a row id is listed twice in ${PARITY_DOC}`);
    assert.deepEqual([...documented].sort(), [...tested].sort());
  });
});
