import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { READ_MODEL_REBUILDER, ReadModelRebuilder } from '@registry/application/ports';
import { HttpResult, RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

const NS = 'io.github.test-registry';
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const ENTRY = `${NS}/entry`;
const enc = encodeURIComponent;
const renamePath = (name: string, prefix = '/v0.1', ns = NS) =>
  `${prefix}/x/${ns}/servers/${enc(name)}/rename`;

type Doc = {
  server: { name: string; version: string };
  _meta: Record<string, Record<string, unknown>>;
};
interface Renamed {
  serverId: string;
  previousName: string;
  name: string;
  servers: Doc[];
}
interface Change {
  type: string;
  data: { sequence: number; serverId: string; name: string; previousName?: string; servers?: Doc[] };
}

const ids = (doc: Doc) => doc._meta[ENTRY] as { serverId: string; versionId: string };
const official = (doc: Doc) =>
  doc._meta[OFFICIAL] as { updatedAt: string; isLatest: boolean; status: string };

describe('rename and transfer over HTTP', () => {
  let registry: RegistryUnderTest;
  let token: string;

  before(async () => {
    registry = await RegistryUnderTest.start();
    token = await registry.token(['io.github.renamer/*']);
  });
  after(async () => registry.close());

  const publish = async (name: string, version: string, as = token): Promise<Doc> => {
    const res = await registry.request('POST', '/v0/publish', { token: as, body: serverJson(name, version) });
    assert.equal(res.status, 200, res.text);
    return res.json as Doc;
  };
  const rename = (name: string, newName: unknown, as = token, prefix = '/v0.1') =>
    registry.request('POST', renamePath(name, prefix), { token: as, body: { newName } });
  const get = (path: string) => registry.request('GET', path);
  const head = async (): Promise<number> =>
    ((await get(`/v0.1/x/${NS}/changes?limit=1`)).json as { metadata: { head: number } }).metadata.head;
  const detail = (res: HttpResult) => (res.json as { detail: string }).detail;

  it('moves a server with every version: same serverId and versionIds, the new name everywhere', async () => {
    const OLD = 'io.github.renamer/weather';
    const NEW = 'io.github.renamer/forecast';
    const first = await publish(OLD, '1.0.0');
    const second = await publish(OLD, '1.1.0');
    const deprecated = await registry.request('PATCH', `/v0/servers/${enc(OLD)}/versions/1.0.0/status`, {
      token,
      body: { status: 'deprecated', statusMessage: 'use 1.1' },
    });
    assert.equal(deprecated.status, 200, deprecated.text);
    const beforeRename = new Date().toISOString();

    const res = await rename(OLD, NEW);
    assert.equal(res.status, 200, res.text);
    const body = res.json as Renamed;
    assert.equal(body.serverId, ids(first).serverId);
    assert.equal(body.previousName, OLD);
    assert.equal(body.name, NEW);
    assert.deepEqual(
      body.servers.map((d) => [d.server.name, d.server.version, ids(d).versionId]),
      [
        [NEW, '1.1.0', ids(second).versionId],
        [NEW, '1.0.0', ids(first).versionId],
      ],
    );
    // Every version's updatedAt is the rename's stamp, after every earlier one.
    const stamps = new Set(body.servers.map((d) => official(d).updatedAt));
    assert.equal(stamps.size, 1);
    assert.ok([...stamps][0]! >= beforeRename);
    assert.equal(official(body.servers[1]!).status, 'deprecated', 'status stays');
    assert.equal(official(body.servers[0]!).isLatest, true, 'the latest flag stays');

    // The new name answers what the rename answered.
    const list = await get(`/v0.1/servers/${enc(NEW)}/versions`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual((list.json as { servers: Doc[] }).servers, body.servers);
    const one = await get(`/v0/servers/${enc(NEW)}/versions/1.0.0`);
    assert.deepEqual(one.json, body.servers[1]);
    const byId = await get(`/v0/servers/by-id/${body.serverId}`);
    assert.equal((byId.json as Doc).server.name, NEW);

    // The old name answers 308 to the same path (and query) under the new name.
    for (const prefix of ['/v0', '/v0.1']) {
      for (const [suffix, target] of [
        ['/versions', `/versions`],
        ['/versions?include_deleted=true', `/versions?include_deleted=true`],
        ['/versions/1.0.0', `/versions/1.0.0`],
        ['/versions/latest', `/versions/latest`],
      ] as const) {
        const moved = await get(`${prefix}/servers/${enc(OLD)}${suffix}`);
        assert.equal(moved.status, 308, `${prefix}${suffix}: ${moved.text}`);
        const location = moved.headers.get('location')!;
        assert.equal(location, `${prefix}/servers/${enc(NEW)}${target}`);
        const followed = await get(location);
        assert.equal(followed.status, 200, followed.text);
      }
    }

    // updated_since readers see the moved versions under their new name.
    const since = await get(`/v0.1/servers?updated_since=${enc(beforeRename)}&search=${enc('renamer/')}`);
    const names = (since.json as { servers: Doc[] }).servers.map(
      (d) => `${d.server.name}@${d.server.version}`,
    );
    assert.deepEqual(names.sort(), [`${NEW}@1.0.0`, `${NEW}@1.1.0`]);

    // The entry follows its name: a publish under the new name is the same entry.
    const third = await publish(NEW, '1.2.0');
    assert.equal(ids(third).serverId, body.serverId);
  });

  it('frees the old name: a publish under it starts another entry, and its reads stop redirecting', async () => {
    const OLD = 'io.github.renamer/free';
    const NEW = 'io.github.renamer/freed';
    const original = await publish(OLD, '1.0.0');
    assert.equal((await rename(OLD, NEW)).status, 200);
    assert.equal((await get(`/v0.1/servers/${enc(OLD)}/versions/1.0.0`)).status, 308);
    const newcomer = await publish(OLD, '5.0.0');
    assert.notEqual(ids(newcomer).serverId, ids(original).serverId);
    assert.equal((await get(`/v0.1/servers/${enc(OLD)}/versions/5.0.0`)).status, 200);
    const missing = await get(`/v0.1/servers/${enc(OLD)}/versions/1.0.0`);
    assert.equal(missing.status, 404, 'the name is the newcomer’s: no redirect for a version it lacks');
    const moved = await get(`/v0.1/servers/${enc(NEW)}/versions/1.0.0`);
    assert.equal(ids(moved.json as Doc).serverId, ids(original).serverId);
  });

  it('takes publish rights on both names, or edit on the server', async () => {
    const OLD = 'io.github.renamer/guarded';
    await publish(OLD, '1.0.0');
    // Publish on the old name only: not into a namespace it cannot publish to (403 naming it).
    const out = await rename(OLD, 'com.elsewhere/guarded');
    assert.equal(out.status, 403, out.text);
    assert.match(detail(out), /Attempting to publish: com\.elsewhere\/guarded/);
    // Publish on the new name only: not someone else's server.
    const outsider = await registry.token(['com.elsewhere/*'], 'outsider');
    const taken = await rename(OLD, 'com.elsewhere/guarded', outsider);
    assert.equal(taken.status, 403, taken.text);
    assert.equal(detail(taken), 'You do not have publish or edit permissions for this server');
    // Publish on both: a transfer to another namespace.
    const both = await registry.token(['io.github.renamer/*', 'com.elsewhere/*'], 'owner-of-both');
    const transferred = await rename(OLD, 'com.elsewhere/guarded', both);
    assert.equal(transferred.status, 200, transferred.text);
    // Edit on the server (an administrator): anywhere.
    const admin = await registry.token([{ action: 'edit', resource: 'com.elsewhere/*' }], 'admin');
    const edited = await rename('com.elsewhere/guarded', 'org.anywhere/guarded', admin, '/v0');
    assert.equal(edited.status, 200, edited.text);
    assert.equal((edited.json as Renamed).name, 'org.anywhere/guarded');
    // No token: the official writes' 422 naming the header; a bad one: 401.
    const anonymous = await registry.request('POST', renamePath('org.anywhere/guarded'), {
      body: { newName: 'org.anywhere/x' },
    });
    assert.equal(anonymous.status, 422, anonymous.text);
    assert.equal((await rename('org.anywhere/guarded', 'org.anywhere/x', 'not.a.jwt')).status, 401);
  });

  it('refuses bad input with a problem and writes nothing: taken name 409, unknown 404, bad names 422/400', async () => {
    const A = 'io.github.renamer/alpha';
    const B = 'io.github.renamer/beta';
    await publish(A, '1.0.0');
    await publish(B, '1.0.0');
    const at = await head();
    const before = (await get(`/v0.1/servers/${enc(A)}/versions`)).text;

    const conflict = await rename(A, B);
    assert.equal(conflict.status, 409, conflict.text);
    assert.match(conflict.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.match(detail(conflict), /io\.github\.renamer\/beta is already taken/);

    const unknown = await rename('io.github.renamer/nobody', 'io.github.renamer/somebody');
    assert.equal(unknown.status, 404, unknown.text);

    const pattern = await rename(A, 'not a name');
    assert.equal(pattern.status, 422, pattern.text);
    assert.equal(detail(pattern), 'validation failed');
    assert.equal(
      (pattern.json as { errors: Array<{ location: string }> }).errors[0]!.location,
      'body.newName',
    );
    // Within the token's namespace (permission comes first, as for a publish), refused by the validator.
    const semantic = await rename(A, 'io.github.renamer/-dash');
    assert.equal(semantic.status, 422, semantic.text);
    assert.match(JSON.stringify(semantic.json), /name '-dash' is invalid/);
    const same = await rename(A, A);
    assert.equal(same.status, 400, same.text);
    const extra = await registry.request('POST', renamePath(A), { token, body: { newName: B, also: 1 } });
    assert.equal(extra.status, 422, extra.text);
    const empty = await registry.request('POST', renamePath(A), { token });
    assert.equal(empty.status, 400, empty.text);
    const otherNs = await registry.request('POST', renamePath(A, '/v0.1', 'io.github.someone-else'), {
      token,
      body: { newName: 'io.github.renamer/gamma' },
    });
    assert.equal(otherNs.status, 404, otherNs.text);

    assert.equal(await head(), at, 'nothing appended');
    assert.equal((await get(`/v0.1/servers/${enc(A)}/versions`)).text, before);
  });

  it('carries the rename in the change feed: both names, the serverId, every version as GET answers it', async () => {
    const OLD = 'io.github.renamer/feed-old';
    const NEW = 'io.github.renamer/feed-new';
    await publish(OLD, '1.0.0');
    await publish(OLD, '2.0.0');
    const at = await head();
    const res = await rename(OLD, NEW);
    assert.equal(res.status, 200, res.text);
    const page = (await get(`/v0.1/x/${NS}/changes?after=${at}&limit=100`)).json as { changes: Change[] };
    const renames = page.changes.filter((c) => c.type === 'server.renamed');
    assert.equal(renames.length, 1);
    const { data } = renames[0]!;
    assert.equal(data.name, NEW);
    assert.equal(data.previousName, OLD);
    assert.equal(data.serverId, (res.json as Renamed).serverId);
    assert.equal(data.servers!.length, 2);
    for (const server of data.servers!) {
      const read = await get(`/v0.1/servers/${enc(NEW)}/versions/${server.server.version}`);
      assert.equal(JSON.stringify(server), read.text, 'the feed carries the bytes GET answers');
    }
  });

  it('keeps the rename through a replay: the rebuilt read model moves and redirects the same', async () => {
    const OLD = 'io.github.renamer/replayed';
    const NEW = 'io.github.renamer/replayed-new';
    await publish(OLD, '1.0.0');
    assert.equal((await rename(OLD, NEW)).status, 200);
    const before = (await get(`/v0.1/servers/${enc(NEW)}/versions`)).text;
    await registry.app.get<symbol, ReadModelRebuilder>(READ_MODEL_REBUILDER).rebuild();
    assert.equal((await get(`/v0.1/servers/${enc(NEW)}/versions`)).text, before);
    const moved = await get(`/v0/servers/${enc(OLD)}/versions/latest`);
    assert.equal(moved.status, 308, moved.text);
    assert.equal(moved.headers.get('location'), `/v0/servers/${enc(NEW)}/versions/latest`);
  });
});

/** Every version a registry holds, deleted ones included, keyed by name and version. */
async function everything(registry: RegistryUnderTest): Promise<Map<string, Doc>> {
  const all = new Map<string, Doc>();
  let cursor: string | undefined;
  do {
    const query = `include_deleted=true&limit=100${cursor !== undefined ? `&cursor=${enc(cursor)}` : ''}`;
    const res = await registry.request('GET', `/v0.1/servers?${query}`);
    assert.equal(res.status, 200, res.text);
    const page = res.json as { servers: Doc[]; metadata: { nextCursor?: string } };
    for (const item of page.servers) all.set(`${item.server.name}@${item.server.version}`, item);
    cursor = page.metadata.nextCursor;
  } while (cursor !== undefined);
  return all;
}

async function converged(upstream: RegistryUnderTest, mirror: RegistryUnderTest): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [a, b] = [await everything(upstream), await everything(mirror)];
    if (JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())) return;
    if (Date.now() > deadline) {
      assert.deepEqual(Object.fromEntries([...b].sort()), Object.fromEntries([...a].sort()));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const mode of ['feed', 'poll'] as const) {
  describe(`a mirror follows an upstream rename (${mode === 'feed' ? 'change feed' : 'updated_since polling'})`, () => {
    let upstream: RegistryUnderTest;
    let mirror: RegistryUnderTest;

    before(async () => {
      upstream = await RegistryUnderTest.start();
      mirror = await RegistryUnderTest.start({
        MCP_REGISTRY_UPSTREAM_URL: upstream.baseUrl,
        MCP_REGISTRY_UPSTREAM_MODE: mode === 'feed' ? 'auto' : 'poll',
        MCP_REGISTRY_UPSTREAM_POLL_MS: '200',
      });
    });
    after(async () => {
      await mirror.close();
      await upstream.close();
    });

    it('moves its entry (same serverId and versionIds) instead of holding a second one', async () => {
      const OLD = 'io.github.moving/server';
      const NEW = 'io.github.moving/renamed';
      const token = await upstream.token(['io.github.moving/*']);
      for (const version of ['1.0.0', '1.1.0']) {
        const res = await upstream.request('POST', '/v0/publish', { token, body: serverJson(OLD, version) });
        assert.equal(res.status, 200, res.text);
      }
      await converged(upstream, mirror);
      const held = await everything(mirror);
      const renamed = await upstream.request('POST', renamePath(OLD), { token, body: { newName: NEW } });
      assert.equal(renamed.status, 200, renamed.text);
      await converged(upstream, mirror);

      const now = await everything(mirror);
      assert.deepEqual([...now.keys()].sort(), [`${NEW}@1.0.0`, `${NEW}@1.1.0`]);
      for (const version of ['1.0.0', '1.1.0']) {
        assert.deepEqual(ids(now.get(`${NEW}@${version}`)!), ids(held.get(`${OLD}@${version}`)!));
      }
      const moved = await mirror.request('GET', `/v0.1/servers/${enc(OLD)}/versions/1.0.0`);
      assert.equal(moved.status, 308, moved.text);
      assert.equal(moved.headers.get('location'), `/v0.1/servers/${enc(NEW)}/versions/1.0.0`);
      // The mirror took its upstream's change: a rename is refused locally like any write of a mirrored name.
      const local = await mirror.request('POST', renamePath(NEW), {
        token: await mirror.token(['io.github.moving/*']),
        body: { newName: 'io.github.moving/local' },
      });
      assert.equal(local.status, 403, local.text);
    });
  });
}
