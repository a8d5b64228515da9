import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OutboundHttp } from '@registry/outbound-http';
import { PackageOwnershipVerifier } from '@registry/package-registries';
import {
  FakeNpmRegistry,
  startPackageRegistryFakes,
  PackageRegistryFakes,
} from '@test/support/fakes/package-registries';
import { serverJson, testVerifier, verifyOne } from './verifier-harness';

const NAME = 'io.github.test/demo';

describe('npm ownership (mcpName in package.json) against a fake registry.npmjs.org', () => {
  let fakes: PackageRegistryFakes;
  let npm: FakeNpmRegistry;
  let verifier: PackageOwnershipVerifier;
  const check = (identifier: string, version: string, serverName = NAME): Promise<string | undefined> =>
    verifyOne(verifier, serverName, { registryType: 'npm', identifier, version });

  before(async () => {
    fakes = await startPackageRegistryFakes();
    npm = fakes.npm;
    npm
      .addNpmPackage('demo-pkg', { version: '1.0.0', mcpName: NAME })
      .addNpmPackage('demo-pkg', { version: '1.2.3', mcpName: 'io.github.acme/widget' })
      .addNpmPackage('@scope/demo', { version: '2.0.0', mcpName: NAME })
      .addNpmPackage('no-mcp-name', { version: '1.0.0' })
      .addNpmPackage('odd-mcp-name', { version: '1.0.0', mcpName: 42 });
    verifier = testVerifier({ ...fakes.options, timeouts: { requestMs: 1_000, probeMs: 300 } });
  });
  after(() => fakes.close());

  it('passes when mcpName equals the server name', async () => {
    assert.equal(await check('demo-pkg', '1.0.0'), undefined);
  });

  it('sends a scoped name as one escaped path segment', async () => {
    assert.equal(await check('@scope/demo', '2.0.0'), undefined);
    assert.ok(npm.requests.some((r) => r.url === '/@scope%2Fdemo/2.0.0'));
    assert.equal(npm.requests.at(-1)?.headers['user-agent'], 'MCP-Registry-Validator/1.0');
  });

  it('reports a mismatched mcpName, naming the version (case matters)', async () => {
    assert.equal(
      await check('demo-pkg', '1.2.3', 'io.github.Acme/widget'),
      "NPM package 'demo-pkg' version '1.2.3' ownership validation failed. Expected mcpName 'io.github.Acme/widget', got 'io.github.acme/widget'",
    );
  });

  it('reports a missing mcpName with the line to add', async () => {
    assert.equal(
      await check('no-mcp-name', '1.0.0'),
      `NPM package 'no-mcp-name' version '1.0.0' is missing required 'mcpName' field. Add this to your package.json: "mcpName": "${NAME}"`,
    );
  });

  it('reports an mcpName that is not a string as a parse failure', async () => {
    assert.equal(
      await check('odd-mcp-name', '1.0.0'),
      'failed to parse NPM package metadata: json: cannot unmarshal number into Go struct field NPMPackageResponse.mcpName of type string',
    );
  });

  it('tells a missing version of an existing package from a missing package', async () => {
    assert.equal(
      await check('demo-pkg', '9.9.9'),
      "NPM package 'demo-pkg' exists, but version '9.9.9' was not found (status: 404). A newly published release can take a moment to appear on the registry. Wait and retry, or publish version '9.9.9' before registering it",
    );
    assert.equal(await check('missing-pkg', '1.0.0'), "NPM package 'missing-pkg' not found (status: 404)");
    assert.ok(npm.requests.some((r) => r.method === 'HEAD' && r.url === '/missing-pkg'));
  });

  it('maps upstream statuses like the official validator', async () => {
    npm.respondTo('/demo-pkg/5.0.0', { status: 502 });
    npm.respondTo('/demo-pkg/5.0.1', { status: 429 });
    npm.respondTo('/demo-pkg/5.0.2', { status: 403 });
    assert.equal(
      await check('demo-pkg', '5.0.0'),
      "NPM upstream error fetching metadata for package 'demo-pkg' (status: 502). Likely transient, retry later",
    );
    assert.equal(
      await check('demo-pkg', '5.0.1'),
      "NPM rate-limited the metadata request for package 'demo-pkg' (status: 429). Likely transient, retry later",
    );
    assert.equal(
      await check('demo-pkg', '5.0.2'),
      "NPM package 'demo-pkg' metadata fetch failed (status: 403)",
    );
  });

  it('does not claim "not found" when the existence probe is inconclusive', async () => {
    npm.respondTo('/probe-503', { status: 503 });
    npm.respondTo('/probe-418', { status: 418 });
    npm.hangOn('/probe-hang');
    const transient = (id: string): string =>
      `NPM could not confirm package '${id}' version '1.0.0' (version status: 404, package check inconclusive). Likely transient, retry later`;
    assert.equal(await check('probe-503', '1.0.0'), transient('probe-503'));
    assert.equal(
      await check('probe-418', '1.0.0'),
      "NPM package 'probe-418' version '1.0.0' not found (status: 404)",
    );
    const started = Date.now();
    assert.equal(await check('probe-hang', '1.0.0'), transient('probe-hang'));
    assert.ok(
      Date.now() - started < 900,
      'a hung probe is cut off by the probe deadline, not the request timeout',
    );
  });

  it('follows redirects like Go net/http', async () => {
    npm.respondTo('/moved-pkg/1.0.0', { status: 301, headers: { location: '/demo-pkg/1.0.0' } });
    assert.equal(await check('moved-pkg', '1.0.0'), undefined);
  });

  it('reports a registry that is down, hangs or refuses connections', async () => {
    const down = new FakeNpmRegistry();
    const { baseUrl } = await down.start();
    const against = testVerifier({ ...fakes.options, npmBaseUrl: baseUrl, timeouts: { requestMs: 300 } });
    try {
      down.failWith(503);
      assert.equal(
        await verifyOne(against, NAME, { registryType: 'npm', identifier: 'demo-pkg', version: '1.0.0' }),
        "NPM upstream error fetching metadata for package 'demo-pkg' (status: 503). Likely transient, retry later",
      );
      down.failWith(undefined).hang();
      assert.equal(
        await verifyOne(against, NAME, { registryType: 'npm', identifier: 'demo-pkg', version: '1.0.0' }),
        `failed to fetch package metadata from NPM: Get "${baseUrl}/demo-pkg/1.0.0": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      );
    } finally {
      await down.close();
    }
    const refused = await verifyOne(against, NAME, {
      registryType: 'npm',
      identifier: 'demo-pkg',
      version: '1.0.0',
    });
    assert.match(
      refused ?? '',
      /^failed to fetch package metadata from NPM: Get "http:\/\/127\.0\.0\.1:\d+\/demo-pkg\/1\.0\.0": connect ECONNREFUSED/,
    );
  });

  it('never reaches a loopback registry in production mode', async () => {
    const production = new PackageOwnershipVerifier(
      new OutboundHttp({ allowPrivateAddresses: false }),
      fakes.options,
    );
    const before = npm.requests.length;
    const failures = await production.verify(
      serverJson(NAME, { registryType: 'npm', identifier: 'demo-pkg', version: '1.0.0' }),
    );
    assert.match(
      failures[0].message,
      /^failed to fetch package metadata from NPM: Get "http:\/\/127\.0\.0\.1:\d+\/demo-pkg\/1\.0\.0": refusing to connect to 127\.0\.0\.1 \(loopback\)$/,
    );
    assert.equal(npm.requests.length, before);
  });
});
