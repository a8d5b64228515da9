import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RegistryProcess } from '@test/support/registry-process';
import { TEST_JWT_KEY } from '@test/support/test-config';
import { runCli } from '../cli/cli-harness';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

/**
 * Operators run `import` and `replay` from the CLI while the registry serves from the same data
 * directory: the serving process must pick up both (new events, the switched read model) on its own.
 */
describe('CLI import and replay beside a running registry', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-cli-beside-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves what the CLI imported, and keeps serving across the CLI replay', async () => {
    const env = { MCP_REGISTRY_DATA_DIR: dataDir, MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY };
    const registry = await RegistryProcess.start(env);
    try {
      const seed = join(dataDir, 'seed.json');
      const entries = Array.from({ length: 200 }, (_, i) => ({
        $schema: SCHEMA,
        name: `io.github.ops/server-${i % 50}`,
        description: 'imported beside a running registry',
        version: `1.0.${Math.floor(i / 50)}`,
      }));
      writeFileSync(seed, JSON.stringify(entries));
      const imported = await runCli(['import', seed], { env });
      assert.equal(imported.code, 0, imported.stderr);

      const readAll = async () => {
        const res = await fetch(`${registry.baseUrl}/v0/servers?limit=100&version=latest`);
        return (await res.json()) as { servers: Array<{ server: { version: string } }> };
      };
      // The serving process follows the log by polling: give it a moment, bounded.
      let latest = await readAll();
      for (let i = 0; i < 40 && latest.servers.length < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        latest = await readAll();
      }
      assert.equal(latest.servers.length, 50);
      assert.ok(latest.servers.every((s) => s.server.version === '1.0.3'));

      const replayed = await runCli(['replay'], { env });
      assert.equal(replayed.code, 0, replayed.stderr);
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // the server polls CURRENT every second
      const after = await readAll();
      assert.deepEqual(after, latest, 'the switched read model serves the same documents');
      assert.doesNotMatch(registry.output(), /"level":"(error|fatal)"/, 'no errors in the serving process');
    } finally {
      await registry.stop();
    }
  });
});
