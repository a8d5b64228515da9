import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fakeService, jsonOf, runCli, temporaryDirectory } from './cli-harness';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const server = (name: string, version: string) => ({
  $schema: SCHEMA,
  name,
  description: 'An imported server',
  version,
});

describe('mcp-registry import and replay on the embedded store', () => {
  it('imports a file, reports what it skipped, then replays the log', async () => {
    const data = await temporaryDirectory('data');
    try {
      const seed = join(data.path, 'seed.json');
      await writeFile(
        seed,
        JSON.stringify([
          {
            server: server('io.github.acme/one', '1.0.0'),
            _meta: { [OFFICIAL]: { publishedAt: '2025-10-02T00:00:00Z' } },
          },
          {
            server: server('io.github.acme/one', '1.1.0'),
            _meta: { [OFFICIAL]: { publishedAt: '2025-10-01T00:00:00Z' } },
          },
          { name: 'io.github.acme/broken', version: '1.0.0' },
        ]),
      );
      const env = { MCP_REGISTRY_DATA_DIR: join(data.path, 'store') };
      const imported = await runCli(['import', seed, '--order', 'published'], { env });
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /^Imported 2 of 3 entries from .*seed\.json in \d+s\n/);
      assert.match(imported.stdout, /^Skipped 1 \(/m);
      assert.match(imported.stdout, /^ {2}io\.github\.acme\/broken 1\.0\.0: /m);
      assert.match(
        imported.stderr,
        /^import: 3\/3 entries \(100%\)/m,
        'plain progress lines when stderr is not a terminal',
      );

      const replayed = await runCli(['replay'], { env });
      assert.equal(replayed.code, 0, replayed.stderr);
      assert.match(replayed.stdout, /^Rebuilt the read model from \d+ events in \d+s\n$/);

      // The read model switched away from stays for rollback until dropped by a second command.
      const dropped = await runCli(['replay', '--drop-previous'], { env });
      assert.equal(dropped.code, 0, dropped.stderr);
      assert.match(dropped.stdout, /^Dropped .*read-model-.*\.db\n$/);
      const again = await runCli(['replay', '--drop-previous'], { env });
      assert.equal(again.stdout, 'No previous read model to drop\n');

      const json = await runCli(['replay', '--json'], { env });
      assert.equal(json.code, 0, json.stderr);
      const replay = jsonOf(json);
      assert.deepEqual(Object.keys(replay), ['events', 'seconds']);
      assert.ok(typeof replay.events === 'number' && replay.events > 0);
      assert.equal(typeof replay.seconds, 'number');
      const drop = jsonOf(await runCli(['replay', '--drop-previous', '--json'], { env }));
      assert.equal((drop.dropped as string[]).length, 1);
    } finally {
      await data.remove();
    }
  });

  it("imports every page of another registry's /v0/servers list", async () => {
    const source = await fakeService((r) => {
      const cursor = new URL(r.url, 'http://x').searchParams.get('cursor');
      const page = cursor === null ? 1 : Number(cursor);
      return {
        body: {
          servers: [{ server: server(`io.github.acme/page-${page}`, '1.0.0') }],
          metadata: page < 3 ? { nextCursor: String(page + 1), count: 1 } : { count: 1 },
        },
      };
    });
    const data = await temporaryDirectory('data');
    try {
      const run = await runCli(['import', `${source.url}/v0/servers`], {
        env: { MCP_REGISTRY_DATA_DIR: join(data.path, 'store') },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^Imported 3 of 3 entries from /);
      assert.deepEqual(
        source.requests.map((r) => r.url),
        ['/v0/servers?limit=100', '/v0/servers?limit=100&cursor=2', '/v0/servers?limit=100&cursor=3'],
      );

      // Again, as a script would: every entry is there already, and --json lists each one skipped.
      const json = await runCli(['import', `${source.url}/v0/servers`, '--json'], {
        env: { MCP_REGISTRY_DATA_DIR: join(data.path, 'store') },
      });
      assert.equal(json.code, 0, json.stderr);
      const report = jsonOf(json);
      assert.equal(report.source, `${source.url}/v0/servers`);
      assert.deepEqual([report.imported, report.skipped, report.warnings], [0, 3, 0]);
      assert.equal(typeof report.seconds, 'number');
      assert.deepEqual(report.warningEntries, []);
      const skipped = report.skippedEntries as Array<Record<string, unknown>>;
      assert.deepEqual(
        skipped.map(({ index, name, version }) => ({ index, name, version })),
        [1, 2, 3].map((page) => ({ index: page - 1, name: `io.github.acme/page-${page}`, version: '1.0.0' })),
      );
      assert.ok(skipped.every((s) => typeof s.reason === 'string' && s.reason !== ''));
    } finally {
      await source.close();
      await data.remove();
    }
  });
});
