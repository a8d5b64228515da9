import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

type Doc = { server: Record<string, unknown>; _meta: Record<string, Record<string, unknown>> };
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const enc = encodeURIComponent;

describe('write API over HTTP: publish, status, edit', () => {
  let registry: RegistryUnderTest;
  let token: string;

  before(async () => {
    registry = await RegistryUnderTest.start();
    token = await registry.token(['io.github.writer/*']);
  });
  after(async () => registry.close());

  const publish = (body: unknown, t: string = token) =>
    registry.request('POST', '/v0/publish', { body, token: t });

  it('publishes, answers the stored ServerResponse, and every read shows it at once', async () => {
    const res = await publish(
      serverJson('io.github.writer/first', '1.0.0', {
        _meta: {
          'io.modelcontextprotocol.registry/publisher-provided': { tool: 'x' },
          'com.other/junk': { a: 1 },
        },
      }),
    );
    assert.equal(res.status, 200, res.text);
    const doc = res.json as Doc;
    assert.equal(doc.server.name, 'io.github.writer/first');
    assert.deepEqual(
      doc.server._meta,
      { 'io.modelcontextprotocol.registry/publisher-provided': { tool: 'x' } },
      'other _meta dropped',
    );
    assert.equal(doc._meta[OFFICIAL]!.status, 'active');
    assert.equal(doc._meta[OFFICIAL]!.isLatest, true);
    const read = await registry.request('GET', `/v0/servers/${enc('io.github.writer/first')}/versions/1.0.0`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.json, doc, 'read-your-writes: the GET equals the publish response');
  });

  it('moves isLatest by the official rules', async () => {
    await publish(serverJson('io.github.writer/versions', '1.0.0'));
    await publish(serverJson('io.github.writer/versions', '2.0.0'));
    const older = await publish(serverJson('io.github.writer/versions', '1.5.0'));
    assert.equal((older.json as Doc)._meta[OFFICIAL]!.isLatest, false);
    const first = await registry.request(
      'GET',
      `/v0/servers/${enc('io.github.writer/versions')}/versions/1.0.0`,
    );
    assert.equal((first.json as Doc)._meta[OFFICIAL]!.isLatest, false);
    const latest = await registry.request(
      'GET',
      `/v0/servers/${enc('io.github.writer/versions')}/versions/latest`,
    );
    assert.equal((latest.json as Doc).server.version, '2.0.0');
  });

  it('refuses without a token (401), with a bad token (401), and outside the namespace (403 naming it)', async () => {
    const none = await registry.request('POST', '/v0/publish', {
      body: serverJson('io.github.writer/xy', '1.0.0'),
      headers: { authorization: 'Token abc' },
    });
    assert.equal(none.status, 401, none.text);
    const bad = await registry.request('POST', '/v0/publish', {
      body: serverJson('io.github.writer/xy', '1.0.0'),
      token: 'not.a.jwt',
    });
    assert.equal(bad.status, 401);
    const other = await publish(serverJson('io.github.someone-else/xy', '1.0.0'));
    assert.equal(other.status, 403, other.text);
    const detail = (other.json as { detail: string }).detail;
    assert.ok(
      detail.startsWith(
        'You do not have permission to publish this server. You have permission to publish: io.github.writer/*. Attempting to publish: io.github.someone-else/xy. ',
      ),
      detail,
    );
    assert.match(
      detail,
      /Owner .*read:org.*mcp-registry login github/s,
      'our GitHub rules, not the official hint',
    );
  });

  it('refuses a duplicate version, even after the first was deleted (400)', async () => {
    assert.equal((await publish(serverJson('io.github.writer/dup', '1.0.0'))).status, 200);
    const again = await publish(serverJson('io.github.writer/dup', '1.0.0'));
    assert.equal(again.status, 400, again.text);
    assert.deepEqual(again.json, {
      title: 'Bad Request',
      status: 400,
      detail: 'Failed to publish server',
      errors: [
        {
          message:
            'invalid version: cannot publish duplicate version: io.github.writer/dup@1.0.0 already exists',
        },
      ],
    });
    const del = await registry.request(
      'PATCH',
      `/v0/servers/${enc('io.github.writer/dup')}/versions/1.0.0/status`,
      { token, body: { status: 'deleted' } },
    );
    assert.equal(del.status, 200, del.text);
    assert.equal((await publish(serverJson('io.github.writer/dup', '1.0.0'))).status, 400);
  });

  it('lets a remote URL belong to only one non-deleted server', async () => {
    const remote = { remotes: [{ type: 'streamable-http', url: 'https://mcp.writer.example.com/mcp' }] };
    assert.equal((await publish(serverJson('io.github.writer/remote-a', '1.0.0', remote))).status, 200);
    assert.equal(
      (await publish(serverJson('io.github.writer/remote-a', '1.1.0', remote))).status,
      200,
      'same server may reuse',
    );
    const taken = await publish(serverJson('io.github.writer/remote-b', '1.0.0', remote));
    assert.equal(taken.status, 400, taken.text);
    assert.deepEqual((taken.json as { errors: unknown }).errors, [
      {
        message:
          'remote URL https://mcp.writer.example.com/mcp is already used by server io.github.writer/remote-a',
      },
    ]);
    const del = await registry.request('PATCH', `/v0/servers/${enc('io.github.writer/remote-a')}/status`, {
      token,
      body: { status: 'deleted' },
    });
    assert.equal(del.status, 200, del.text);
    assert.equal(
      (await publish(serverJson('io.github.writer/remote-b', '1.0.0', remote))).status,
      200,
      'free once deleted',
    );
    const restore = await registry.request(
      'PATCH',
      `/v0/servers/${enc('io.github.writer/remote-a')}/status`,
      { token, body: { status: 'active' } },
    );
    assert.equal(restore.status, 400, 'restoring would take the URL back');
    assert.equal((restore.json as { detail: string }).detail, 'Failed to update server status');
  });

  it('answers the official 422s (shape, then validator) and 400s (service rules); none changes anything', async () => {
    // This registry runs with registry validation off: the _meta size is checked on publish anyway.
    const shape = await publish({ name: 'io.github.writer/shape' });
    assert.equal(shape.status, 422, shape.text);
    assert.match(shape.headers.get('content-type') ?? '', /application\/problem\+json/);
    const shapeBody = shape.json as { detail: string; errors: Array<{ message: string; location: string }> };
    assert.equal(shapeBody.detail, 'validation failed');
    assert.ok(
      shapeBody.errors.some((e) => e.message === 'expected required property description to be present'),
    );
    const latest = await publish(serverJson('io.github.writer/rule', 'latest'));
    assert.equal(latest.status, 422, latest.text);
    assert.equal(
      (latest.json as { detail: string }).detail,
      'Failed to publish server, invalid schema: call /validate for details',
    );
    const bigMeta = serverJson('io.github.writer/rule', '1.0.0', {
      _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { blob: 'x'.repeat(5000) } },
    });
    const tooBig = await publish(bigMeta);
    assert.equal(tooBig.status, 400, tooBig.text);
    assert.deepEqual(tooBig.json, {
      title: 'Bad Request',
      status: 400,
      detail: 'Failed to publish server',
      errors: [
        {
          message: `_meta.io.modelcontextprotocol.registry/publisher-provided extension exceeds 4KB limit (${JSON.stringify({ blob: 'x'.repeat(5000) }).length} bytes)`,
        },
      ],
    });
    assert.equal(
      (await registry.request('GET', `/v0/servers/${enc('io.github.writer/rule')}/versions`)).status,
      404,
    );
  });

  it('answers 422 for a missing Authorization header together with body errors, before any 401', async () => {
    const res = await registry.request('POST', '/v0/publish', { body: { name: 'io.github.writer/none' } });
    assert.equal(res.status, 422);
    const body = res.json as { errors: Array<{ location: string }> };
    assert.equal(body.errors[0]!.location, 'header.Authorization');
    assert.ok(body.errors.length > 1);
  });

  it('with registry validation off, publishes an npm package without version; /validate reports none of the service checks', async () => {
    const npmWithoutVersion = serverJson('io.github.writer/no-pkg-version', '1.0.0', {
      packages: [{ registryType: 'npm', identifier: 'some-pkg', transport: { type: 'stdio' } }],
    });
    const bigMeta = serverJson('io.github.writer/big-meta', '1.0.0', {
      _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { blob: 'x'.repeat(5000) } },
    });
    for (const prefix of ['/v0', '/v0.1']) {
      for (const body of [npmWithoutVersion, bigMeta]) {
        const res = await registry.request('POST', `${prefix}/validate`, { body });
        assert.deepEqual(res.json, { valid: true, issues: [] }, `${prefix}: ${res.text}`);
      }
    }
    const published = await publish(npmWithoutVersion);
    assert.equal(published.status, 200, published.text);
    // validatePublisherExtensions runs outside the EnableRegistryValidation branch: refused all the same.
    assert.equal((await publish(bigMeta)).status, 400);
  });

  it('validates without publishing: {valid, issues[]}', async () => {
    const ok = await registry.request('POST', '/v0/validate', {
      body: serverJson('io.github.writer/valid', '1.0.0'),
    });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { valid: true, issues: [] });
    const bad = await registry.request('POST', '/v0/validate', {
      body: serverJson('io.github.writer/valid', '^1.0.0'),
    });
    const body = bad.json as { valid: boolean; issues: Array<{ severity: string }> };
    assert.equal(body.valid, false);
    assert.ok(body.issues.some((i) => i.severity === 'error'));
  });

  it('changes status of one version and of all versions, recalculating latest', async () => {
    await publish(serverJson('io.github.writer/status', '1.0.0'));
    await publish(serverJson('io.github.writer/status', '2.0.0'));
    const dep = await registry.request(
      'PATCH',
      `/v0/servers/${enc('io.github.writer/status')}/versions/2.0.0/status`,
      {
        token,
        body: { status: 'deprecated', statusMessage: 'use 3.x' },
      },
    );
    assert.equal(dep.status, 200, dep.text);
    assert.equal((dep.json as Doc)._meta[OFFICIAL]!.statusMessage, 'use 3.x');
    const del = await registry.request(
      'PATCH',
      `/v0/servers/${enc('io.github.writer/status')}/versions/2.0.0/status`,
      { token, body: { status: 'deleted' } },
    );
    assert.equal((del.json as Doc)._meta[OFFICIAL]!.isLatest, false);
    const latest = await registry.request(
      'GET',
      `/v0/servers/${enc('io.github.writer/status')}/versions/latest`,
    );
    assert.equal((latest.json as Doc).server.version, '1.0.0');
    const all = await registry.request('PATCH', `/v0/servers/${enc('io.github.writer/status')}/status`, {
      token,
      body: { status: 'deprecated' },
    });
    assert.equal(all.status, 200, all.text);
    const bad = await registry.request('PATCH', `/v0/servers/${enc('io.github.writer/status')}/status`, {
      token,
      body: { status: 'gone' },
    });
    assert.ok([400, 422].includes(bad.status), bad.text);
    const foreign = await registry.request('PATCH', `/v0/servers/${enc('io.github.writer/status')}/status`, {
      token: await registry.token(['io.github.other/*']),
      body: { status: 'active' },
    });
    assert.equal(foreign.status, 403);
    const unknown = await registry.request('PATCH', `/v0/servers/${enc('io.github.writer/none')}/status`, {
      token,
      body: { status: 'active' },
    });
    assert.equal(unknown.status, 404);
  });

  it('lets an admin with the edit permission replace a version; refuses publish-only tokens', async () => {
    await publish(serverJson('io.github.writer/edit', '1.0.0'));
    const edited = serverJson('io.github.writer/edit', '1.0.0', { description: 'edited by an admin' });
    const path = `/v0/servers/${enc('io.github.writer/edit')}/versions/1.0.0`;
    assert.equal((await registry.request('PUT', path, { token, body: edited })).status, 403);
    const admin = await registry.token([{ action: 'edit', resource: '*' }], 'admin');
    const res = await registry.request('PUT', path, { token: admin, body: edited });
    assert.equal(res.status, 200, res.text);
    assert.equal((res.json as Doc).server.description, 'edited by an admin');
    const read = await registry.request('GET', path);
    assert.equal((read.json as Doc).server.description, 'edited by an admin');
  });
});
