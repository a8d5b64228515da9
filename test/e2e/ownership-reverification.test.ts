import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeNpmRegistry } from '@test/support/fakes/package-registries';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

type Doc = { _meta: Record<string, { packageOwnership?: { status: string; failures?: string[] } }> };
const NS = 'io.github.test-registry';
const ENTRY = `${NS}/entry`;
const checksPath = (name: string) => `/v0.1/x/${NS}/servers/${encodeURIComponent(name)}/ownership-checks`;
const NAME = 'io.github.owner/weather';

/**
 * The verifier end to end in the all-in-one registry: publish checks npm ownership; when the package
 * stops naming the server, an on-demand re-check flags the version in the registry's own _meta.
 */
describe('package ownership re-verification', () => {
  const npm = new FakeNpmRegistry();
  let registry: RegistryUnderTest;
  let token: string;

  before(async () => {
    const { baseUrl } = await npm.start();
    npm.addNpmPackage('weather-mcp', { version: '1.0.0', mcpName: NAME });
    registry = await RegistryUnderTest.start({
      MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'true',
      MCP_REGISTRY_NPM_REGISTRY_URL: baseUrl,
      MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
      MCP_REGISTRY_OWNERSHIP_RECHECK_INTERVAL_MS: '0',
    });
    token = await registry.token(['io.github.owner/*']);
  });
  after(async () => {
    await registry.close();
    await npm.close();
  });

  const pkg = {
    registryType: 'npm',
    identifier: 'weather-mcp',
    version: '1.0.0',
    transport: { type: 'stdio' },
  };

  it('refuses a publish whose npm package names another server (400, official text)', async () => {
    const res = await registry.request('POST', '/v0/publish', {
      token,
      body: serverJson('io.github.owner/other', '1.0.0', { packages: [pkg] }),
    });
    assert.equal(res.status, 400, res.text);
    const body = res.json as { detail: string; errors: Array<{ message: string }> };
    assert.equal(body.detail, 'Failed to publish server');
    assert.match(body.errors[0]!.message, /^registry validation failed for package 0 \(weather-mcp\): /);
  });

  it('with registry validation on, refuses an npm package without version (400) that /validate accepts', async () => {
    const body = serverJson('io.github.owner/no-version', '1.0.0', {
      packages: [{ ...pkg, version: undefined }],
    });
    for (const prefix of ['/v0', '/v0.1']) {
      const checked = await registry.request('POST', `${prefix}/validate`, { body });
      assert.deepEqual(checked.json, { valid: true, issues: [] }, `${prefix}: ${checked.text}`);
    }
    const res = await registry.request('POST', '/v0/publish', { token, body });
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(res.json, {
      title: 'Bad Request',
      status: 400,
      detail: 'Failed to publish server',
      errors: [
        {
          message:
            'registry validation failed for package 0 (weather-mcp): package version is required for NPM packages',
        },
      ],
    });
  });

  it('with registry validation on, refuses publisher-provided _meta over 4 KB (400) that /validate accepts', async () => {
    const blob = { blob: 'x'.repeat(5000) };
    const body = serverJson('io.github.owner/big-meta', '1.0.0', {
      _meta: { 'io.modelcontextprotocol.registry/publisher-provided': blob },
    });
    const checked = await registry.request('POST', '/v0/validate', { body });
    assert.deepEqual(checked.json, { valid: true, issues: [] }, checked.text);
    const res = await registry.request('POST', '/v0/publish', { token, body });
    assert.equal(res.status, 400, res.text);
    assert.deepEqual((res.json as { errors: unknown }).errors, [
      {
        message: `_meta.io.modelcontextprotocol.registry/publisher-provided extension exceeds 4KB limit (${JSON.stringify(blob).length} bytes)`,
      },
    ]);
  });

  it('flags the version once the package stops pointing back, on an on-demand re-check', async () => {
    const published = await registry.request('POST', '/v0/publish', {
      token,
      body: serverJson(NAME, '1.0.0', { packages: [pkg] }),
    });
    assert.equal(published.status, 200, published.text);
    assert.equal((published.json as Doc)._meta[ENTRY]!.packageOwnership, undefined);

    npm.addNpmPackage('weather-mcp', { version: '1.0.0', mcpName: 'io.github.someone-else/weather' });
    const requested = await registry.request('POST', checksPath(NAME), { token });
    assert.equal(requested.status, 202, requested.text);
    assert.deepEqual(requested.json, { jobId: `${NAME}@1.0.0` });

    let ownership: { status: string; failures?: string[] } | undefined;
    for (let i = 0; i < 50 && ownership === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const doc = (await registry.request('GET', `/v0/servers/${encodeURIComponent(NAME)}/versions/1.0.0`))
        .json as Doc;
      ownership = doc._meta[ENTRY]!.packageOwnership;
    }
    assert.equal(ownership?.status, 'failed');
    assert.match(ownership?.failures?.[0] ?? '', /weather-mcp/);
  });

  it('refuses an on-demand check from a token without the namespace', async () => {
    const other = await registry.token(['io.github.stranger/*']);
    const res = await registry.request('POST', checksPath(NAME), { token: other });
    assert.equal(res.status, 403);
  });

  it('answers the path used before the extension convention with a permanent redirect there', async () => {
    for (const prefix of ['/v0', '/v0.1']) {
      const res = await registry.request(
        'POST',
        `${prefix}/servers/${encodeURIComponent(NAME)}/ownership-checks`,
        {
          token,
        },
      );
      assert.equal(res.status, 308, res.text);
      assert.equal(res.headers.get('location'), checksPath(NAME));
    }
  });

  it('answers 404 for the extension under another namespace', async () => {
    const res = await registry.request(
      'POST',
      `/v0.1/x/com.example.other/servers/${encodeURIComponent(NAME)}/ownership-checks`,
      { token },
    );
    assert.equal(res.status, 404, res.text);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  });
});
