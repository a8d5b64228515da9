import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PackageOwnershipVerifier } from '@registry/package-registries';
import {
  FakeNugetRegistry,
  startPackageRegistryFakes,
  PackageRegistryFakes,
} from '@test/support/fakes/package-registries';
import { testVerifier, verifyOne } from './verifier-harness';

const NAME = 'io.github.test/pkg';

describe('NuGet ownership (mcp-name token in the embedded README) against a fake NuGet V3 API', () => {
  let fakes: PackageRegistryFakes;
  let nuget: FakeNugetRegistry;
  let verifier: PackageOwnershipVerifier;
  const check = (identifier: string, version: string): Promise<string | undefined> =>
    verifyOne(verifier, NAME, { registryType: 'nuget', identifier, version });

  before(async () => {
    fakes = await startPackageRegistryFakes();
    nuget = fakes.nuget;
    nuget
      .addNugetPackage('Test.Pkg', { version: '1.0.0', readme: `intro text\nmcp-name: ${NAME}\n` })
      .addNugetPackage('Test.Pkg', { version: '2.0.0-Beta', readme: `<!-- mcp-name: ${NAME} -->` })
      .addNugetPackage('Test.Pkg', { version: '3.0.0', readme: 'no token here' })
      .addNugetPackage('Test.Pkg', { version: '4.0.0', readme: `mcp-name: ${NAME}.` })
      .addNugetPackage('Test.Pkg', { version: '5.0.0' });
    verifier = testVerifier({ ...fakes.options, timeouts: { requestMs: 1_000 } });
  });
  after(() => fakes.close());

  it('passes with the token in the README; id and version are matched lower-case, build metadata dropped', async () => {
    assert.equal(await check('Test.Pkg', '1.0.0'), undefined);
    assert.equal(await check('TEST.PKG', '2.0.0-beta+abc123'), undefined);
    assert.ok(nuget.requests.some((r) => r.url === '/v3-flatcontainer/test.pkg/2.0.0-beta/readme'));
  });

  it('reports a README without the token, or with the token glued to a character', async () => {
    assert.equal(
      await check('Test.Pkg', '3.0.0'),
      `NuGet package 'Test.Pkg' ownership validation for version 3.0.0 failed. The server name '${NAME}' must appear as 'mcp-name: ${NAME}' in the package README. Add it to your README and publish a new package version`,
    );
    assert.equal(
      await check('Test.Pkg', '4.0.0'),
      `NuGet package 'Test.Pkg' ownership validation for version 4.0.0 failed: found 'mcp-name: ${NAME}' in the README, but it is immediately followed by another character rather than a boundary. The token must be followed by a space, newline, an HTML tag, or a comment close ('-->') — put it on its own line and publish a new package version`,
    );
  });

  it('without a README, says whether the package, the version or only the README is missing', async () => {
    assert.equal(
      await check('Test.Pkg', '5.0.0'),
      "NuGet package 'Test.Pkg' ownership validation for version 5.0.0 failed because it does not have an embedded README. Add one to your package and publish a new version",
    );
    assert.equal(
      await check('Test.Pkg', '9.0.0'),
      "NuGet package 'Test.Pkg' exists but version 9.0.0 does not exist in the registry. If you recently published the version, wait for validation to complete",
    );
    assert.equal(
      await check('Missing.Pkg', '1.0.0'),
      "NuGet package 'Missing.Pkg' does not exist in the registry. If you recently published the package for the first time, wait for validation to complete",
    );
  });

  it('reports README and package-index failures', async () => {
    nuget.respondTo('/v3-flatcontainer/test.pkg/6.0.0/readme', { status: 500 });
    assert.equal(await check('Test.Pkg', '6.0.0'), 'NuGet README request returned status 500');
    nuget.respondTo('/v3-flatcontainer/other.pkg/index.json', { status: 502 });
    assert.equal(await check('Other.Pkg', '1.0.0'), 'NuGet package index returned status 502');
  });

  it('refuses a README redirect that leaves the host', async () => {
    nuget.respondTo('/v3-flatcontainer/test.pkg/7.0.0/readme', {
      status: 302,
      headers: { location: 'http://evil.example/readme' },
    });
    assert.equal(
      await check('Test.Pkg', '7.0.0'),
      'failed to fetch NuGet README: Get "http://evil.example/readme": refusing redirect to unexpected URL "http://evil.example/readme"',
    );
  });

  it('caches the service index for an hour', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const cached = testVerifier({ ...fakes.options, now: () => now });
    const indexFetches = (): number => nuget.requests.filter((r) => r.url === '/v3/index.json').length;
    const before = indexFetches();
    await verifyOne(cached, NAME, { registryType: 'nuget', identifier: 'Test.Pkg', version: '1.0.0' });
    await verifyOne(cached, NAME, { registryType: 'nuget', identifier: 'Test.Pkg', version: '1.0.0' });
    assert.equal(indexFetches(), before + 1);
    now += 60 * 60 * 1000 + 1;
    await verifyOne(cached, NAME, { registryType: 'nuget', identifier: 'Test.Pkg', version: '1.0.0' });
    assert.equal(indexFetches(), before + 2);
  });

  it('reports a broken or incomplete service index and a registry that does not answer', async () => {
    const broken = new FakeNugetRegistry();
    const { baseUrl } = await broken.start();
    try {
      const against = testVerifier({ ...fakes.options, nugetBaseUrl: baseUrl, timeouts: { requestMs: 200 } });
      const run = (): Promise<string | undefined> =>
        verifyOne(against, NAME, { registryType: 'nuget', identifier: 'Test.Pkg', version: '1.0.0' });
      broken.failWith(500);
      assert.equal(await run(), 'NuGet service index returned status 500');
      broken.failWith(undefined).hang();
      assert.equal(
        await run(),
        `failed to fetch NuGet service index: Get "${baseUrl}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      );
    } finally {
      await broken.close();
    }
    const incomplete = new FakeNugetRegistry();
    incomplete.omittedResources.add('ReadmeUriTemplate/6.13.0');
    const started = await incomplete.start();
    try {
      const against = testVerifier({ ...fakes.options, nugetBaseUrl: started.baseUrl });
      assert.equal(
        await verifyOne(against, NAME, { registryType: 'nuget', identifier: 'Test.Pkg', version: '1.0.0' }),
        'failed to get README URL template: ReadmeUriTemplate/6.13.0 not found in service index',
      );
    } finally {
      await incomplete.close();
    }
  });
});
