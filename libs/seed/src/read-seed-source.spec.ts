import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SeedEntry } from '@registry/application/registry-operations';
import { readSeedSource } from './read-seed-source';
import { SeedSourceError } from './seed-source-error';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const server = (name: string, version = '1.0.0') => ({ name, description: 'd', version });
const official = (publishedAt: string) => ({
  status: 'active',
  publishedAt,
  updatedAt: publishedAt,
  isLatest: true,
});

async function collect(source: AsyncIterable<SeedEntry>): Promise<SeedEntry[]> {
  const out: SeedEntry[] = [];
  for await (const entry of source) out.push(entry);
  return out;
}

describe('readSeedSource (local files)', () => {
  let dir: string;
  const file = async (name: string, content: string) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seed-source-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('yields each server.json of an array, without official metadata', async () => {
    const path = await file('seed.json', JSON.stringify([server('io.github.a/x'), server('io.github.b/y')]));
    const totals: number[] = [];
    const entries = await collect(readSeedSource(path, { onTotal: (n) => totals.push(n) }));
    assert.deepEqual(entries, [{ server: server('io.github.a/x') }, { server: server('io.github.b/y') }]);
    assert.deepEqual(totals, [2]);
  });

  it('unwraps ServerResponse objects and keeps the source registry metadata as official', async () => {
    const meta = official('2025-09-08T23:47:09.452138Z');
    const path = await file(
      'snapshot.json',
      JSON.stringify([{ server: server('app.x/y'), _meta: { [OFFICIAL]: meta, 'com.example/other': {} } }]),
    );
    assert.deepEqual(await collect(readSeedSource(path)), [{ server: server('app.x/y'), official: meta }]);
  });

  it('moves official metadata found inside a bare server.json out of it', async () => {
    const meta = official('2025-09-01T00:00:00Z');
    const publisher = { 'io.modelcontextprotocol.registry/publisher-provided': { tool: 't' } };
    const path = await file(
      'old.json',
      JSON.stringify([
        { ...server('io.github.a/x'), _meta: { [OFFICIAL]: meta } },
        { ...server('io.github.a/y'), _meta: { [OFFICIAL]: meta, ...publisher } },
      ]),
    );
    assert.deepEqual(await collect(readSeedSource(path)), [
      { server: server('io.github.a/x'), official: meta },
      { server: { ...server('io.github.a/y'), _meta: publisher }, official: meta },
    ]);
  });

  it('passes elements that are not objects on for the importer to skip', async () => {
    const path = await file('mixed.json', JSON.stringify([1, null, 'x']));
    assert.deepEqual(await collect(readSeedSource(path)), [{ server: 1 }, { server: null }, { server: 'x' }]);
  });

  it('reads a saved list page, a byte-order mark, and a file:// URL', async () => {
    const page = {
      servers: [{ server: server('io.github.a/x') }],
      metadata: { nextCursor: 'ignored', count: 1 },
    };
    const path = await file('page.json', '\ufeff' + JSON.stringify(page));
    assert.deepEqual(await collect(readSeedSource(pathToFileURL(path).toString())), [
      { server: server('io.github.a/x') },
    ]);
  });

  it('reads the official seed.json', async (t) => {
    // The shared design folder sits beside the checkout on developer machines, not in a clean clone.
    const seed = '/work/shared/spec/official/seed.json';
    if (!existsSync(seed)) return t.skip(`${seed} is not on this machine`);
    const entries = await collect(readSeedSource(seed));
    assert.equal(entries.length, 4);
    assert.ok(entries.every((e) => e.official === undefined && typeof e.server === 'object'));
  });

  const failures: Array<{ name: string; content?: string; problem: string; message: RegExp }> = [
    { name: 'missing.json', problem: 'not-found', message: /missing\.json: no such file$/ },
    { name: 'broken.json', content: '[{"name": ', problem: 'not-json', message: /not valid JSON \(/ },
    { name: 'empty.json', content: '', problem: 'not-json', message: /not valid JSON/ },
    {
      name: 'object.json',
      content: '{"name":"x"}',
      problem: 'not-a-list',
      message: /got an object with keys name$/,
    },
    { name: 'number.json', content: '42', problem: 'not-a-list', message: /got a number$/ },
    { name: 'servers.json', content: '{"servers":{}}', problem: 'not-a-list', message: /keys servers$/ },
  ];
  for (const f of failures) {
    it(`fails with one line for ${f.name} (${f.problem})`, async () => {
      const path = f.content === undefined ? join(dir, f.name) : await file(f.name, f.content);
      await assert.rejects(collect(readSeedSource(path)), (err: unknown) => {
        assert.ok(err instanceof SeedSourceError);
        assert.equal(err.problem, f.problem);
        assert.match(err.message, f.message);
        assert.ok(err.message.startsWith(`cannot import from ${path}: `));
        assert.ok(!err.message.includes('\n'));
        return true;
      });
    });
  }

  it('fails for a directory and an empty path', async () => {
    await mkdir(join(dir, 'folder'));
    await assert.rejects(collect(readSeedSource(join(dir, 'folder'))), /is a directory/);
    await assert.rejects(collect(readSeedSource('  ')), /no file path or URL given/);
  });

  it('reads nothing until iterated', async () => {
    const source = readSeedSource(join(dir, 'not-there.json'));
    await assert.rejects(source.next(), SeedSourceError);
  });
});
