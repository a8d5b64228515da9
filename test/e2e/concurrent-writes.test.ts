import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpResult, RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

type Doc = { server: { name: string; version: string }; _meta: Record<string, Record<string, unknown>> };
type Listed = { servers: Doc[] };
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const enc = encodeURIComponent;

/**
 * Many writers of one server at once (issue 10 item 3): the official registry publishes 100 versions
 * of one server concurrently without a failure, because a lost race between two writers of one entry
 * is the registry's to settle, not the publisher's. Only a real refusal (a duplicate) may answer 409.
 */
describe('concurrent writes to one server over HTTP', () => {
  let registry: RegistryUnderTest;
  let token: string;
  let admin: string;

  before(async () => {
    registry = await RegistryUnderTest.start();
    token = await registry.token(['io.github.crowd/*']);
    admin = await registry.token([{ action: 'edit', resource: '*' }], 'admin');
  });
  after(async () => registry.close());

  const publish = (name: string, version: string) =>
    registry.request('POST', '/v0/publish', { body: serverJson(name, version), token });
  const versionsOf = async (name: string): Promise<Doc[]> => {
    const res = await registry.request('GET', `/v0/servers/${enc(name)}/versions`);
    assert.equal(res.status, 200, res.text);
    return (res.json as Listed).servers;
  };
  const failures = (results: HttpResult[]) =>
    results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text}`);

  it('publishes 100 versions of one server at once: all 200, exactly one latest, the highest', async () => {
    const name = 'io.github.crowd/hundred';
    // Shuffled, so the highest version is not simply the last request sent.
    const versions = Array.from({ length: 100 }, (_, i) => `1.0.${(i * 37) % 100}`);
    const results = await Promise.all(versions.map((v) => publish(name, v)));
    assert.deepEqual(failures(results), []);

    const listed = await versionsOf(name);
    assert.equal(listed.length, 100);
    const latest = listed.filter((d) => d._meta[OFFICIAL]!.isLatest === true);
    assert.deepEqual(
      latest.map((d) => d.server.version),
      ['1.0.99'],
    );
    const read = await registry.request('GET', `/v0/servers/${enc(name)}/versions/latest`);
    assert.equal((read.json as Doc).server.version, '1.0.99');
    // Every version was published at its own instant.
    const times = new Set(listed.map((d) => d._meta[OFFICIAL]!.publishedAt));
    assert.equal(times.size, 100, 'no two versions of one server share a publishedAt');
  });

  it('answers 409 only for a duplicate version, even when the duplicates race', async () => {
    const name = 'io.github.crowd/duplicates';
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => publish(name, i % 2 === 0 ? '1.0.0' : `2.0.${i}`)),
    );
    const refused = results.filter((r) => r.status !== 200);
    // Ten publishes of 1.0.0: one is stored, nine are duplicates, and nothing else fails.
    assert.equal(refused.length, 9, failures(results).join('\n'));
    for (const r of refused) {
      assert.ok([400, 409].includes(r.status), r.text);
      assert.match(r.text, /cannot publish duplicate version/);
    }
    assert.equal((await versionsOf(name)).length, 11);
  });

  it('16 clients publishing versions of the same 10 servers: all 2xx, each server ends with the right latest', async () => {
    const servers = Array.from({ length: 10 }, (_, s) => `io.github.crowd/shared-${s}`);
    const rounds = 3;
    const clients = Array.from({ length: 16 }, async (_, c) => {
      const answers: HttpResult[] = [];
      for (let round = 1; round <= rounds; round++) {
        // Each client walks the servers from its own starting point, so they meet on every server.
        for (let k = 0; k < servers.length; k++) {
          answers.push(await publish(servers[(c + k) % servers.length]!, `${round}.${c}.0`));
        }
      }
      return answers;
    });
    const results = (await Promise.all(clients)).flat();
    assert.equal(results.length, 16 * 10 * rounds);
    assert.deepEqual(
      results.filter((r) => r.status < 200 || r.status > 299).map((r) => `${r.status} ${r.text}`),
      [],
    );
    for (const name of servers) {
      const listed = await versionsOf(name);
      assert.equal(listed.length, 16 * rounds, name);
      const latest = listed.filter((d) => d._meta[OFFICIAL]!.isLatest === true).map((d) => d.server.version);
      assert.deepEqual(latest, [`${rounds}.15.0`], name);
    }
  });

  it('changes the status of many versions of one server at once, and edits them at once', async () => {
    const name = 'io.github.crowd/statuses';
    const versions = Array.from({ length: 30 }, (_, i) => `1.${i}.0`);
    for (const v of versions) assert.equal((await publish(name, v)).status, 200);

    const deprecations = await Promise.all(
      versions.map((v) =>
        registry.request('PATCH', `/v0/servers/${enc(name)}/versions/${v}/status`, {
          token,
          body: { status: 'deprecated', statusMessage: `moved on from ${v}` },
        }),
      ),
    );
    assert.deepEqual(failures(deprecations), []);
    const edits = await Promise.all(
      versions.map((v) =>
        registry.request('PUT', `/v0/servers/${enc(name)}/versions/${v}`, {
          token: admin,
          body: serverJson(name, v, { description: `edited ${v}` }),
        }),
      ),
    );
    assert.deepEqual(failures(edits), []);
    // Deleting every version but the lowest at once leaves the lowest latest.
    const deletions = await Promise.all(
      versions.slice(1).map((v) =>
        registry.request('PATCH', `/v0/servers/${enc(name)}/versions/${v}/status`, {
          token,
          body: { status: 'deleted' },
        }),
      ),
    );
    assert.deepEqual(failures(deletions), []);

    const listed = await versionsOf(name);
    assert.ok(listed.every((d) => d._meta[OFFICIAL]!.status !== 'active'));
    const read = await registry.request('GET', `/v0/servers/${enc(name)}/versions/latest`);
    assert.equal((read.json as Doc).server.version, '1.0.0');
    const lowest = await registry.request('GET', `/v0/servers/${enc(name)}/versions/1.0.0`);
    assert.equal((lowest.json as { server: { description: string } }).server.description, 'edited 1.0.0');
  });
});
