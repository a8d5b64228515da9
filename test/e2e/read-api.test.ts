import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

interface ListBody {
  servers: Array<{
    server: { name: string; version: string };
    _meta: Record<string, Record<string, unknown>>;
  }>;
  metadata: { nextCursor?: string; count: number };
}
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const ENTRY = 'io.github.test-registry/entry';

describe('read API over HTTP (/v0 and /v0.1)', () => {
  let registry: RegistryUnderTest;
  let token: string;

  before(async () => {
    registry = await RegistryUnderTest.start();
    token = await registry.token(['io.github.reader/*']);
    const publish = async (name: string, version: string) => {
      const res = await registry.request('POST', '/v0/publish', { token, body: serverJson(name, version) });
      assert.equal(res.status, 200, res.text);
    };
    for (let i = 0; i < 5; i++) await publish(`io.github.reader/server-${i}`, '1.0.0');
    await publish('io.github.reader/server-0', '1.1.0');
    await publish('io.github.reader/server-0', '1.0.1+build.7');
    await publish('io.github.reader/Weather', '2.0.0');
    const del = await registry.request(
      'PATCH',
      '/v0/servers/io.github.reader%2Fserver-4/versions/1.0.0/status',
      {
        token,
        body: { status: 'deleted' },
      },
    );
    assert.equal(del.status, 200, del.text);
  });
  after(async () => registry.close());

  for (const prefix of ['/v0', '/v0.1']) {
    it(`${prefix}/servers lists one row per version by name then version, with metadata`, async () => {
      const res = await registry.request('GET', `${prefix}/servers`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      const body = res.json as ListBody;
      assert.deepEqual(
        body.servers.map((s) => `${s.server.name}@${s.server.version}`),
        [
          'io.github.reader/Weather@2.0.0',
          'io.github.reader/server-0@1.0.0',
          'io.github.reader/server-0@1.0.1+build.7',
          'io.github.reader/server-0@1.1.0',
          'io.github.reader/server-1@1.0.0',
          'io.github.reader/server-2@1.0.0',
          'io.github.reader/server-3@1.0.0',
        ],
      );
      assert.deepEqual(body.metadata, { count: 7 });
      const meta = body.servers[3]!._meta;
      assert.deepEqual(Object.keys(meta[OFFICIAL]!), [
        'status',
        'statusChangedAt',
        'publishedAt',
        'updatedAt',
        'isLatest',
      ]);
      assert.equal(meta[OFFICIAL]!.isLatest, true);
      assert.match(String(meta[ENTRY]!.serverId), /^[0-9a-f-]{36}$/);
      assert.match(String(meta[ENTRY]!.versionId), /^[0-9a-f-]{36}$/);
    });
  }

  it('pages with a keyset cursor; nextCursor only when the page is full', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const q = `limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const body = (await registry.request('GET', `/v0/servers?${q}`)).json as ListBody;
      seen.push(...body.servers.map((s) => `${s.server.name}@${s.server.version}`));
      if (body.metadata.nextCursor === undefined) break;
      assert.equal(body.servers.length, 3);
      cursor = body.metadata.nextCursor;
    }
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
  });

  it('filters: search (case-insensitive substring), version, include_deleted, updated_since', async () => {
    const names = async (q: string) =>
      ((await registry.request('GET', `/v0/servers?${q}`)).json as ListBody).servers.map(
        (s) => `${s.server.name}@${s.server.version}`,
      );
    assert.deepEqual(await names('search=WEATH'), ['io.github.reader/Weather@2.0.0']);
    assert.deepEqual(await names('version=1.1.0'), ['io.github.reader/server-0@1.1.0']);
    assert.equal((await names('version=latest')).length, 5);
    assert.ok((await names('include_deleted=true')).includes('io.github.reader/server-4@1.0.0'));
    assert.ok(
      (await names('updated_since=2000-01-01T00:00:00Z')).includes('io.github.reader/server-4@1.0.0'),
      'updated_since implies include_deleted',
    );
    assert.deepEqual(await names('updated_since=2999-01-01T00:00:00Z'), []);
  });

  const badQueries: Array<[string, number]> = [
    ['limit=0', 422],
    ['limit=101', 422],
    ['limit=abc', 422],
    ['updated_since=yesterday', 400],
    ['updated_since=2025-01-01T00:00:00Z&include_deleted=false', 400],
    ['include_deleted=maybe', 422],
  ];
  for (const [q, status] of badQueries) {
    it(`GET /v0/servers?${q} -> ${status} problem+json`, async () => {
      const res = await registry.request('GET', `/v0/servers?${q}`);
      assert.equal(res.status, status, res.text);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      const body = res.json as { title: string; status: number; detail: string };
      assert.equal(body.status, status);
      assert.equal(typeof body.title, 'string');
      assert.equal(typeof body.detail, 'string');
    });
  }

  it('refuses include_deleted=false with updated_since in the official words (servers.go)', async () => {
    for (const prefix of ['/v0', '/v0.1']) {
      const res = await registry.request(
        'GET',
        `${prefix}/servers?updated_since=2025-01-01T00:00:00Z&include_deleted=false`,
      );
      assert.equal(res.status, 400, res.text);
      assert.deepEqual(res.json, {
        title: 'Bad Request',
        status: 400,
        detail:
          'Cannot set include_deleted=false when using updated_since (incremental sync requires deleted servers)',
      });
    }
  });

  it('reads versions (newest first) and one version, with URL-encoded names and versions', async () => {
    const versions = await registry.request('GET', '/v0.1/servers/io.github.reader%2Fserver-0/versions');
    assert.equal(versions.status, 200, versions.text);
    assert.deepEqual(
      (versions.json as ListBody).servers.map((s) => s.server.version),
      ['1.0.1+build.7', '1.1.0', '1.0.0'],
    );
    const one = await registry.request(
      'GET',
      '/v0/servers/io.github.reader%2Fserver-0/versions/1.0.1%2Bbuild.7',
    );
    assert.equal(one.status, 200, one.text);
    const latest = await registry.request('GET', '/v0/servers/io.github.reader%2Fserver-0/versions/latest');
    assert.equal((latest.json as ListBody['servers'][0]).server.version, '1.1.0');
  });

  it('hides deleted versions unless include_deleted=true', async () => {
    assert.equal(
      (await registry.request('GET', '/v0/servers/io.github.reader%2Fserver-4/versions/1.0.0')).status,
      404,
    );
    assert.equal(
      (await registry.request('GET', '/v0/servers/io.github.reader%2Fserver-4/versions')).status,
      404,
    );
    const shown = await registry.request(
      'GET',
      '/v0/servers/io.github.reader%2Fserver-4/versions/1.0.0?include_deleted=true',
    );
    assert.equal(shown.status, 200);
  });

  it('reads a server by its stable serverId (beyond the official API)', async () => {
    const latest = (await registry.request('GET', '/v0/servers/io.github.reader%2Fserver-0/versions/latest'))
      .json as ListBody['servers'][0];
    const id = String(latest._meta[ENTRY]!.serverId);
    const byId = await registry.request('GET', `/v0/servers/by-id/${id}`);
    assert.equal(byId.status, 200);
    assert.deepEqual(byId.json, latest);
    assert.equal(
      (await registry.request('GET', '/v0/servers/by-id/00000000-0000-0000-0000-000000000000')).status,
      404,
    );
  });

  it('answers unknown servers and versions with a 404 problem', async () => {
    for (const path of [
      '/v0/servers/io.github.none%2Fx/versions',
      '/v0/servers/io.github.reader%2Fserver-0/versions/9.9.9',
    ]) {
      const res = await registry.request('GET', path);
      assert.equal(res.status, 404);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    }
  });
});
