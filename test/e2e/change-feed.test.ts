import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpResult, RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

const NS = 'io.github.test-registry';
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const ALPHA = 'io.github.feed/alpha';
const BETA = 'io.github.feed/beta';
const enc = encodeURIComponent;
const feedPath = (query: string, prefix = '/v0.1', ns = NS) => `${prefix}/x/${ns}/changes${query}`;

type Response = { server: { name: string; version: string }; _meta: Record<string, Record<string, unknown>> };
interface Change {
  type: string;
  timestamp: string;
  data: {
    sequence: number;
    serverId: string;
    name: string;
    version?: string;
    server?: Response;
    previous?: Response | null;
    current?: Response | null;
  };
}
interface Page {
  changes: Change[];
  metadata: { nextAfter: number; head: number };
}

/** What `GET /v0.1/servers/{name}/versions/{version}` answered once the log's head was `head`. */
interface Observed {
  head: number;
  name: string;
  version: string;
  text: string;
}

/** The responses a change carries, by version. */
function carried(c: Change): Array<[string, Response]> {
  const all = [c.data.server, c.data.previous, c.data.current].filter((r): r is Response => r != null);
  return all.map((r) => [r.server.version, r]);
}

describe('change feed over HTTP', () => {
  let registry: RegistryUnderTest;
  let token: string;
  let admin: string;
  const observed: Observed[] = [];
  const versions = new Map<string, string[]>([
    [ALPHA, []],
    [BETA, []],
  ]);

  const head = async (): Promise<number> =>
    ((await registry.request('GET', feedPath('?limit=1'))).json as Page).metadata.head;

  /** Runs one write, then records what a GET of each version of the server answers. */
  async function step(name: string, write: () => Promise<HttpResult>): Promise<void> {
    const res = await write();
    assert.equal(res.status, 200, res.text);
    const at = await head();
    for (const version of versions.get(name)!) {
      // Deleted versions too: the feed shows a deletion with the deleted version.
      const got = await registry.request(
        'GET',
        `/v0.1/servers/${enc(name)}/versions/${version}?include_deleted=true`,
      );
      assert.equal(got.status, 200, got.text);
      observed.push({ head: at, name, version, text: got.text });
    }
  }
  const publish = (name: string, version: string) =>
    step(name, () => {
      versions.get(name)!.push(version);
      return registry.request('POST', '/v0.1/publish', { token, body: serverJson(name, version) });
    });
  const status = (name: string, version: string, body: Record<string, string>) =>
    step(name, () =>
      registry.request('PATCH', `/v0.1/servers/${enc(name)}/versions/${version}/status`, { token, body }),
    );

  before(async () => {
    registry = await RegistryUnderTest.start();
    token = await registry.token(['io.github.feed/*']);
    admin = await registry.token([{ action: 'edit', resource: '*' }], 'admin');
    await publish(ALPHA, '1.0.0');
    await publish(BETA, '1.0.0');
    await publish(ALPHA, '1.1.0');
    await publish(BETA, '2.0.0');
    await publish(ALPHA, '1.2.0');
    await status(ALPHA, '1.2.0', { status: 'deprecated', statusMessage: 'use 2.x' });
    await status(ALPHA, '1.2.0', { status: 'deleted' });
    await status(ALPHA, '1.2.0', { status: 'active' });
    await step(BETA, () =>
      registry.request('PUT', `/v0.1/servers/${enc(BETA)}/versions/1.0.0`, {
        token: admin,
        body: serverJson(BETA, '1.0.0', { description: 'edited by an admin' }),
      }),
    );
  });
  after(async () => registry.close());

  async function pageThrough(limit: number, prefix = '/v0.1'): Promise<{ changes: Change[]; pages: Page[] }> {
    const pages: Page[] = [];
    let afterPosition = 0;
    for (;;) {
      const res = await registry.request('GET', feedPath(`?after=${afterPosition}&limit=${limit}`, prefix));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      const page = res.json as Page;
      pages.push(page);
      if (page.changes.length === 0) return { changes: pages.flatMap((p) => p.changes), pages };
      assert.ok(page.changes.length <= limit);
      assert.equal(page.metadata.nextAfter, page.changes.at(-1)!.data.sequence);
      afterPosition = page.metadata.nextAfter;
    }
  }

  it('answers every server change in log order, paged by small limits from after=0', async () => {
    const { changes, pages } = await pageThrough(2);
    const P = 'server.version.published';
    const L = 'server.latest-version.changed';
    const S = 'server.version.status-changed';
    assert.deepEqual(
      changes.map((c) => `${c.type} ${c.data.name}@${c.data.version ?? '-'}`),
      [
        `${P} ${ALPHA}@1.0.0`,
        `${L} ${ALPHA}@-`,
        `${P} ${BETA}@1.0.0`,
        `${L} ${BETA}@-`,
        `${P} ${ALPHA}@1.1.0`,
        `${L} ${ALPHA}@-`,
        `${P} ${BETA}@2.0.0`,
        `${L} ${BETA}@-`,
        `${P} ${ALPHA}@1.2.0`,
        `${L} ${ALPHA}@-`,
        `${S} ${ALPHA}@1.2.0`,
        `${S} ${ALPHA}@1.2.0`,
        `${L} ${ALPHA}@-`,
        `${S} ${ALPHA}@1.2.0`,
        `${L} ${ALPHA}@-`,
        `server.version.edited ${BETA}@1.0.0`,
      ],
    );
    const sequences = changes.map((c) => c.data.sequence);
    assert.deepEqual(
      sequences,
      [...sequences].sort((a, b) => a - b),
      'log order',
    );
    assert.equal(new Set(sequences).size, sequences.length);
    const last = pages.at(-1)!;
    const finalHead = await head();
    assert.deepEqual(last.metadata, { nextAfter: finalHead, head: finalHead });
    for (const c of changes) {
      assert.deepEqual(Object.keys(c), ['type', 'timestamp', 'data']);
      assert.match(c.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('shows the previous latest losing the flag', async () => {
    const { changes } = await pageThrough(100);
    const moved = changes.filter((c) => c.type === 'server.latest-version.changed' && c.data.name === ALPHA);
    assert.equal(moved[0]!.data.previous, null);
    const [, second] = moved;
    assert.equal(second!.data.previous!.server.version, '1.0.0');
    assert.equal(second!.data.previous!._meta[OFFICIAL]!.isLatest, false);
    assert.equal(second!.data.current!.server.version, '1.1.0');
    assert.equal(second!.data.current!._meta[OFFICIAL]!.isLatest, true);
    const deletion = moved[3]!;
    assert.equal(deletion.data.previous!._meta[OFFICIAL]!.status, 'deleted');
    assert.equal(deletion.data.previous!._meta[OFFICIAL]!.isLatest, false);
    assert.equal(deletion.data.current!.server.version, '1.1.0');
  });

  it('carries each version as the GET answered it right after the change', async () => {
    const { changes } = await pageThrough(3);
    const concerns = (c: Change, version: string) => carried(c).some(([v]) => v === version);
    let compared = 0;
    for (const c of changes) {
      for (const [version, response] of carried(c)) {
        // The GET recorded right after the write that made this change.
        const seen = observed.find(
          (o) => o.name === c.data.name && o.version === version && o.head >= c.data.sequence,
        );
        assert.ok(seen !== undefined, `a GET of ${c.data.name}@${version} after #${c.data.sequence}`);
        const laterInSameWrite = changes.some(
          (d) =>
            d.data.sequence > c.data.sequence &&
            d.data.sequence <= seen.head &&
            d.data.name === c.data.name &&
            concerns(d, version),
        );
        if (!laterInSameWrite) {
          // Compact JSON of ASCII text: equal texts are equal bytes.
          assert.equal(JSON.stringify(response), seen.text, `#${c.data.sequence} ${c.type} ${version}`);
          compared += 1;
        } else {
          // Within one write, the flag moves by the event after this one: only isLatest differs.
          const expected = JSON.parse(seen.text) as Response;
          expected._meta[OFFICIAL]!.isLatest = response._meta[OFFICIAL]!.isLatest;
          assert.deepEqual(response, expected, `#${c.data.sequence} ${c.type} ${version}`);
        }
        assert.equal((response._meta[`${NS}/entry`] as { serverId: string }).serverId, c.data.serverId);
      }
    }
    // Every response but those of a publish or status change whose write then moved the flag.
    assert.equal(compared, 14, `compared ${compared} responses byte for byte`);
  });

  it('answers the same under /v0', async () => {
    const v01 = await registry.request('GET', feedPath('?after=3&limit=5'));
    const v0 = await registry.request('GET', feedPath('?after=3&limit=5', '/v0'));
    assert.equal(v0.status, 200, v0.text);
    assert.equal(v0.text, v01.text);
    assert.equal((v0.json as Page).changes.length, 5);
  });

  it('defaults to after=0 and 30 changes', async () => {
    const res = await registry.request('GET', feedPath(''));
    assert.equal(res.status, 200, res.text);
    const all = (await pageThrough(100)).changes;
    assert.deepEqual((res.json as Page).changes, all.slice(0, 30));
  });

  it('refuses a bad limit or after with a 422 problem', async () => {
    const cases: Array<[string, string, string]> = [
      ['?limit=0', 'query.limit', 'expected number >= 1'],
      ['?limit=101', 'query.limit', 'expected number <= 100'],
      ['?limit=abc', 'query.limit', 'invalid integer'],
      ['?limit=1.5', 'query.limit', 'invalid integer'],
      ['?after=-1', 'query.after', 'expected number >= 0'],
      ['?after=x', 'query.after', 'invalid integer'],
    ];
    for (const [query, location, message] of cases) {
      const res = await registry.request('GET', feedPath(query));
      assert.equal(res.status, 422, `${query}: ${res.text}`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const problem = res.json as { status: number; errors: Array<{ location: string; message: string }> };
      assert.equal(problem.status, 422);
      assert.equal(problem.errors[0]!.location, location, query);
      assert.equal(problem.errors[0]!.message, message, query);
    }
  });

  it('is not found under another namespace', async () => {
    for (const prefix of ['/v0.1', '/v0']) {
      const res = await registry.request('GET', feedPath('', prefix, 'com.other'));
      assert.equal(res.status, 404, res.text);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    }
  });
});
