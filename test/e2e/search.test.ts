import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { READ_MODEL_REBUILDER, ReadModelRebuilder } from '@registry/application/ports';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

const NS = 'io.github.test-registry';
const enc = encodeURIComponent;
const search = (query: string, prefix = '/v0.1', ns = NS) => `${prefix}/x/${ns}/search?${query}`;

const WEATHER = 'io.github.searcher/weather';
const NOTES = 'io.github.searcher/notes';
const FILES = 'io.github.searcher/files';
const OLD = 'io.github.searcher/old-tools';

interface Doc {
  server: { name: string; version: string };
  _meta: Record<string, { status?: string; isLatest?: boolean }>;
}
interface Page {
  servers: Doc[];
  metadata: { count: number; nextCursor?: string };
}
interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ location: string; message: string; value: unknown }>;
}

const keys = (page: Page) => page.servers.map((d) => `${d.server.name}@${d.server.version}`);

describe('full-text search over HTTP', () => {
  let registry: RegistryUnderTest;
  let token: string;

  const publish = async (name: string, version: string, extra: Record<string, unknown>) => {
    const res = await registry.request('POST', '/v0/publish', {
      token,
      body: serverJson(name, version, extra),
    });
    assert.equal(res.status, 200, res.text);
  };
  const get = async (path: string): Promise<Page> => {
    const res = await registry.request('GET', path);
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return res.json as Page;
  };
  const refused = async (path: string): Promise<Problem> => {
    const res = await registry.request('GET', path);
    assert.equal(res.status, 422, `${path}: ${res.text}`);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    return res.json as Problem;
  };

  before(async () => {
    registry = await RegistryUnderTest.start();
    token = await registry.token(['io.github.searcher/*']);
    await publish(WEATHER, '1.0.0', { title: 'Weather', description: 'Forecasts and current conditions' });
    await publish(WEATHER, '1.1.0', {
      title: 'Weather',
      description: 'Forecasts and current conditions',
      packages: [
        {
          registryType: 'npm',
          identifier: '@acme/weather-mcp',
          version: '1.1.0',
          transport: { type: 'stdio' },
        },
      ],
    });
    await publish(NOTES, '2.0.0', { description: 'Keeps notes, and knows the weather too' });
    await publish(FILES, '0.1.0', {
      description: 'Files in a bucket',
      remotes: [{ type: 'streamable-http', url: 'https://mcp.storage-bucket.example/mcp' }],
    });
    await publish(OLD, '1.0.0', { description: 'Weather tools of old' });
  });
  after(async () => registry.close());

  it('ranks a name match over a description match, latest versions only, in the list endpoint’s items', async () => {
    const page = await get(search('q=weather'));
    assert.equal(keys(page)[0], `${WEATHER}@1.1.0`);
    assert.deepEqual(new Set(keys(page).slice(1)), new Set([`${OLD}@1.0.0`, `${NOTES}@2.0.0`]));
    assert.deepEqual(page.metadata, { count: 3 });
    // The very bytes a read of that version answers.
    const latest = await registry.request('GET', `/v0.1/servers/${enc(WEATHER)}/versions/latest`);
    const body = (await registry.request('GET', search('q=weather&limit=1'))).text;
    assert.ok(body.startsWith(`{"servers":[${latest.text}],"metadata":{"nextCursor":`), body.slice(0, 200));
  });

  it('finds by title, package identifier, remote host and a prefix of the last word; case and accents folded', async () => {
    assert.deepEqual(keys(await get(search('q=weather-mcp'))), [`${WEATHER}@1.1.0`]);
    assert.deepEqual(keys(await get(search('q=storage-bucket'))), [`${FILES}@0.1.0`]);
    assert.deepEqual(keys(await get(search('q=FORECASTS'))), [`${WEATHER}@1.1.0`]);
    assert.deepEqual(keys(await get(search('q=bucke'))), [`${FILES}@0.1.0`]);
    assert.deepEqual(keys(await get(search(`q=${enc('Fíles')}`))), [`${FILES}@0.1.0`]);
    assert.deepEqual(keys(await get(search(`q=${enc(NOTES)}`))), [`${NOTES}@2.0.0`], 'a whole name');
    assert.deepEqual(keys(await get(search('q=weather+notes'))), [`${NOTES}@2.0.0`], 'every word');
    assert.deepEqual(keys(await get(search('q=nothing-like-this'))), []);
  });

  it('keeps the official search parameter a substring of the name', async () => {
    assert.deepEqual(keys(await get(`/v0.1/servers?search=eath&version=latest`)), [`${WEATHER}@1.1.0`]);
    assert.deepEqual(keys(await get(search('q=eath'))), [], 'full text matches words, not substrings');
  });

  it('answers on both prefixes, and only under the registry’s own namespace', async () => {
    assert.deepEqual(keys(await get(search('q=bucket', '/v0'))), [`${FILES}@0.1.0`]);
    const other = await registry.request('GET', search('q=bucket', '/v0.1', 'io.github.someone'));
    assert.equal(other.status, 404);
    const card = (await registry.request('GET', '/.well-known/mcp-registry')).json as {
      extensions: Record<string, { url: string }>;
    };
    assert.equal(card.extensions.search?.url, `/v0.1/x/${NS}/search`);
  });

  it('refuses a missing, blank or too long q, and bad parameters, as the list endpoint refuses its own', async () => {
    assert.equal((await refused(search('limit=3'))).errors?.[0]?.location, 'query.q');
    assert.equal((await refused(search('q=+++'))).errors?.[0]?.location, 'query.q');
    assert.deepEqual(
      (await refused(search(`q=${'a'.repeat(201)}`))).errors?.[0]?.message,
      'expected length <= 200',
    );
    const limit = await refused(search('q=weather&limit=0'));
    const listLimit = await refused('/v0.1/servers?limit=0');
    assert.deepEqual(limit.errors, listLimit.errors);
    assert.deepEqual(
      (await refused(search('q=weather&include_deleted=yes'))).errors,
      (await refused('/v0.1/servers?include_deleted=yes')).errors,
    );
    assert.equal((await refused(search('q=weather&status=gone'))).errors?.[0]?.location, 'query.status');
    assert.equal((await refused(search('q=weather&version=1.0.0'))).errors?.[0]?.location, 'query.version');
    assert.equal(
      (await refused(search('q=weather&cursor=io.github.x%2Fy%3A1.0.0'))).errors?.[0]?.location,
      'query.cursor',
    );
    // Text that holds no word is no error: it finds nothing.
    assert.deepEqual(await get(search(`q=${enc('"*()')}`)), { servers: [], metadata: { count: 0 } });
  });

  it('pages with an opaque cursor: every hit once, nextCursor only on full pages', async () => {
    const seen: string[] = [];
    let path = search('q=weather&version=all&limit=1');
    for (let pages = 0; pages < 10; pages++) {
      const page = await get(path);
      seen.push(...keys(page));
      if (page.metadata.nextCursor === undefined) break;
      assert.equal(page.metadata.count, 1);
      path = search(`q=weather&version=all&limit=1&cursor=${enc(page.metadata.nextCursor)}`);
    }
    const all = keys(await get(search('q=weather&version=all&limit=100')));
    assert.deepEqual(seen, all);
    assert.equal(all.length, 4);
    assert.equal(new Set(all).size, 4);
  });

  it('filters by status, hides deleted versions unless asked, and follows status changes', async () => {
    const status = (name: string, version: string, value: string) =>
      registry.request('PATCH', `/v0/servers/${enc(name)}/versions/${version}/status`, {
        token,
        body: { status: value },
      });
    assert.equal((await status(OLD, '1.0.0', 'deprecated')).status, 200);
    assert.deepEqual(keys(await get(search('q=tools&status=deprecated'))), [`${OLD}@1.0.0`]);
    assert.deepEqual(keys(await get(search('q=tools&status=active'))), []);
    assert.equal((await status(OLD, '1.0.0', 'deleted')).status, 200);
    assert.deepEqual(keys(await get(search('q=tools'))), []);
    assert.deepEqual(keys(await get(search('q=tools&include_deleted=true'))), [`${OLD}@1.0.0`]);
    assert.deepEqual(keys(await get(search('q=tools&status=deleted'))), [`${OLD}@1.0.0`]);
  });

  it('finds a renamed server by its new name only', async () => {
    const res = await registry.request('POST', `/v0.1/x/${NS}/servers/${enc(NOTES)}/rename`, {
      token,
      body: { newName: 'io.github.searcher/journal' },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(keys(await get(search('q=journal'))), ['io.github.searcher/journal@2.0.0']);
    const everything = keys(await get(search('q=searcher&version=all&include_deleted=true')));
    assert.ok(everything.includes('io.github.searcher/journal@2.0.0'));
    assert.ok(!everything.some((key) => key.startsWith(`${NOTES}@`)), everything.join(' '));
  });

  it('answers the same after a replay rebuilt the read model', async () => {
    const queries = ['q=weather', 'q=weather&version=all&include_deleted=true', 'q=bucket', 'q=journal'];
    const before = await Promise.all(queries.map((q) => get(search(q))));
    await registry.app.get<symbol, ReadModelRebuilder>(READ_MODEL_REBUILDER).rebuild();
    const rebuilt = await Promise.all(queries.map((q) => get(search(q))));
    assert.deepEqual(rebuilt.map(keys), before.map(keys));
    assert.ok(before.every((page) => page.servers.length > 0));
  });

  it('takes any text literally: search syntax and random strings never fail', async () => {
    const specials = [
      '"',
      '*',
      '(',
      ')',
      ':',
      '^',
      '-',
      '+',
      'NEAR',
      'AND',
      'OR',
      'NOT',
      '{',
      '}',
      "'",
      '\\',
      '%',
      '_',
      ' ',
    ];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = [...specials, 'a', 'é', '0', '字', '\u0301', '\u{1F600}', 'weather', '\t'];
    for (let i = 0; i < 300; i++) {
      const length = 1 + Math.floor(random() * 12);
      const q = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      if (q.trim() === '') continue;
      const res = await registry.request('GET', search(`q=${enc(q)}&version=all&include_deleted=true`));
      assert.equal(res.status, 200, `${JSON.stringify(q)}: ${res.text}`);
    }
    // As syntax these would widen or narrow the search; as text they are words like any other.
    assert.deepEqual(keys(await get(search(`q=${enc('weather OR bucket')}`))), []);
    assert.deepEqual(keys(await get(search(`q=${enc('description:bucket')}`))), []);
    assert.deepEqual(keys(await get(search(`q=${enc('-forecasts')}`))), [`${WEATHER}@1.1.0`]);
  });
});
