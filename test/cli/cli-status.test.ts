import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { oneErrorLine, problem } from './cli-harness';
import { FUTURE, OFFICIAL, publisherFixture, SERVER } from './publisher-fixture';

describe('mcp-registry status against a registry on loopback', () => {
  const f = publisherFixture();

  beforeEach(async () => {
    await f.storeToken({
      token: 'jwt-2',
      method: 'github-at',
      registry: f.registry.url,
      expires_at: FUTURE,
    });
  });

  it('changes one version: PATCH /v0/servers/{name}/versions/{version}/status, name URL-encoded', async () => {
    f.route = (r) => {
      if (r.method === 'GET')
        return { body: { server: SERVER, _meta: { [OFFICIAL]: { status: 'active' } } } };
      return r.method === 'PATCH' ? { body: { server: SERVER } } : undefined;
    };
    const run = await f.cli([
      'status',
      'io.github.example/weather',
      '--version',
      '1.2.0',
      '--status',
      'deprecated',
      '--message',
      'Use 2.x',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      'Updating io.github.example/weather version 1.2.0: active → deprecated\n✓ Successfully updated status\n',
    );
    const [get, patch] = f.requests;
    assert.equal(get.url, '/v0/servers/io.github.example%2Fweather/versions/1.2.0?include_deleted=true');
    assert.equal(patch.method, 'PATCH');
    assert.equal(patch.url, '/v0/servers/io.github.example%2Fweather/versions/1.2.0/status');
    assert.equal(patch.authorization, 'Bearer jwt-2');
    assert.deepEqual(patch.json(), { status: 'deprecated', statusMessage: 'Use 2.x' });
  });

  it('takes the version as second argument, as the official publisher does, and sends no empty message', async () => {
    f.route = (r) => (r.method === 'PATCH' ? { body: {} } : undefined);
    const run = await f.cli(['status', 'io.github.example/weather', '1.0.0+build.1', '-s', 'deleted']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Updating io\.github\.example\/weather version 1\.0\.0\+build\.1: deleted\n/);
    const patch = f.requests.at(-1);
    assert.equal(patch?.url, '/v0/servers/io.github.example%2Fweather/versions/1.0.0%2Bbuild.1/status');
    assert.deepEqual(patch?.json(), { status: 'deleted' });
  });

  it('changes every version with --yes: PATCH /v0/servers/{name}/status', async () => {
    const versions = ['1.0.0', '1.2.0'].map((version) => ({
      server: { ...SERVER, version },
      _meta: { [OFFICIAL]: { status: 'active' } },
    }));
    f.route = (r) => {
      if (r.method === 'GET') return { body: { servers: versions, metadata: { count: 2 } } };
      return r.method === 'PATCH' ? { body: { updatedCount: 2 } } : undefined;
    };
    const run = await f.cli(['status', 'io.github.example/weather', '--status', 'deprecated', '--yes']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      'This will update 2 version(s) of io.github.example/weather:\n' +
        '  1.0.0: active → deprecated\n  1.2.0: active → deprecated\n✓ Successfully updated 2 version(s)\n',
    );
    assert.equal(f.requests[0].url, '/v0/servers/io.github.example%2Fweather/versions?include_deleted=true');
    assert.equal(f.requests[1].url, '/v0/servers/io.github.example%2Fweather/status');
    assert.deepEqual(f.requests[1].json(), { status: 'deprecated' });
  });

  it('will not change every version without --yes when there is no terminal to ask on', async () => {
    f.route = (r) =>
      r.method === 'GET'
        ? { body: { servers: [{ server: SERVER, _meta: { [OFFICIAL]: { status: 'active' } } }] } }
        : undefined;
    const run = await f.cli(['status', 'io.github.example/weather', '--status', 'deleted']);
    assert.equal(run.code, 2);
    assert.equal(
      oneErrorLine(run.stderr),
      'Error: changing every version of io.github.example/weather needs --yes (there is no terminal to confirm on)',
    );
    assert.ok(f.requests.every((r) => r.method === 'GET'));
  });

  it('needs --status, and reports a refused change in one line', async () => {
    let run = await f.cli(['status', 'io.github.example/weather', '--version', '1.2.0']);
    assert.equal(run.code, 2);
    assert.equal(oneErrorLine(run.stderr), 'Error: --status is required (active, deprecated, deleted)');
    f.route = (r) =>
      r.method === 'PATCH' ? problem(404, 'Not Found', 'Server version not found') : undefined;
    run = await f.cli(['status', 'io.github.example/weather', '--version', '9.9.9', '--status', 'active']);
    assert.equal(run.code, 1);
    assert.equal(
      oneErrorLine(run.stderr),
      'Error: status update failed: 404 Not Found: Server version not found',
    );
  });
});
