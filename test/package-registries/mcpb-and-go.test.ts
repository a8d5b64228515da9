import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PackageOwnershipVerifier } from '@registry/package-registries';
import { startPackageRegistryFakes, PackageRegistryFakes } from '@test/support/fakes/package-registries';
import { testVerifier, verifyOne } from './verifier-harness';

const SHA = 'fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce';
const RELEASE = '/example/server-mcp/releases/download/v1.0.0';

describe('MCPB packages against a fake GitHub/GitLab release host', () => {
  let fakes: PackageRegistryFakes;
  let verifier: PackageOwnershipVerifier;
  const check = (identifier: string): Promise<string | undefined> =>
    verifyOne(verifier, 'io.github.example/server', { registryType: 'mcpb', identifier, fileSha256: SHA });

  before(async () => {
    fakes = await startPackageRegistryFakes();
    fakes.mcpb
      .addMcpbFile(`${RELEASE}/server.mcpb`)
      .addMcpbFile('/group/sub/project-mcp/-/package_files/42/download', { redirect: false })
      .addMcpbFile(`${RELEASE}/forbidden.mcpb`, { status: 403 });
    verifier = testVerifier({ ...fakes.options, timeouts: { requestMs: 500 } });
  });
  after(() => fakes.close());

  it('passes when the release asset is reachable, following the download redirect', async () => {
    assert.equal(await check(`https://github.com${RELEASE}/server.mcpb`), undefined);
    const hits = fakes.mcpb.requests.filter((r) => r.url.endsWith('/server.mcpb'));
    assert.deepEqual(
      hits.map((r) => [r.method, r.url]),
      [
        ['HEAD', `${RELEASE}/server.mcpb`],
        ['HEAD', `/release-assets${RELEASE}/server.mcpb`],
      ],
    );
    assert.equal(
      await check('https://gitlab.com/group/sub/project-mcp/-/package_files/42/download'),
      undefined,
    );
  });

  it('reports an asset that is missing or not public', async () => {
    const url = `https://github.com${RELEASE}/missing.mcpb`;
    assert.equal(await check(url), `MCPB package '${url}' is not publicly accessible (status: 404)`);
    const forbidden = `https://github.com${RELEASE}/forbidden.mcpb`;
    assert.equal(
      await check(forbidden),
      `MCPB package '${forbidden}' is not publicly accessible (status: 403)`,
    );
  });

  it('stops after 10 redirects', async () => {
    fakes.mcpb.respondTo(`${RELEASE}/loop.mcpb`, {
      status: 302,
      headers: { location: `${RELEASE}/loop.mcpb` },
    });
    assert.match(
      (await check(`https://github.com${RELEASE}/loop.mcpb`)) ?? '',
      /^failed to verify MCPB package accessibility: Head ".*\/loop\.mcpb": stopped after 10 redirects$/,
    );
  });

  it('reports a host that does not answer', async () => {
    fakes.mcpb.hangOn(`${RELEASE}/slow.mcpb`);
    assert.match(
      (await check(`https://github.com${RELEASE}/slow.mcpb`)) ?? '',
      /^failed to verify MCPB package accessibility: Head "http:\/\/127\.0\.0\.1:\d+\/example\/server-mcp\/releases\/download\/v1\.0\.0\/slow\.mcpb": context deadline exceeded/,
    );
  });
});

describe('Go modules against a fake module proxy', () => {
  let fakes: PackageRegistryFakes;
  let verifier: PackageOwnershipVerifier;
  const check = (identifier: string, version: string): Promise<string | undefined> =>
    verifyOne(verifier, 'io.github.alice/foo', { registryType: 'go', identifier, version });

  before(async () => {
    fakes = await startPackageRegistryFakes();
    fakes.goProxy.addGoModule('github.com/Alice/mcp-foo', 'v1.0.0');
    verifier = testVerifier(fakes.options);
  });
  after(() => fakes.close());

  it('passes for an existing version, requesting the case-encoded path', async () => {
    assert.equal(await check('github.com/Alice/mcp-foo', 'v1.0.0'), undefined);
    assert.ok(fakes.goProxy.requests.some((r) => r.url === '/github.com/!alice/mcp-foo/@v/v1.0.0.info'));
  });

  it('reports a version the proxy does not know, and unexpected statuses', async () => {
    assert.equal(
      await check('github.com/Alice/mcp-foo', 'v9.9.9'),
      "go module 'github.com/Alice/mcp-foo' version 'v9.9.9' was not found on the Go module proxy. If you published it recently, allow a few minutes for the proxy to fetch it",
    );
    fakes.goProxy.respondTo('/github.com/alice/mcp-bar/@v/v1.0.0.info', { status: 500 });
    assert.equal(
      await check('github.com/alice/mcp-bar', 'v1.0.0'),
      "go module proxy returned unexpected status 500 for 'github.com/alice/mcp-bar@v1.0.0'",
    );
    assert.equal(
      await check('github.com/alice/../bob', 'v1.0.0'),
      'invalid Go module path \'github.com/alice/../bob\': contains a ".." path element',
    );
  });
});
