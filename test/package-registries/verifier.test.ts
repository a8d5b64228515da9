import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registryValidationError } from '@registry/package-registries';
import { startPackageRegistryFakes, PackageRegistryFakes } from '@test/support/fakes/package-registries';
import { serverJson, testVerifier } from './verifier-harness';

const NAME = 'io.github.example/everything';
const LABEL = 'io.modelcontextprotocol.server.name';

describe('PackageOwnershipVerifier over every registry type at once', () => {
  let fakes: PackageRegistryFakes;

  before(async () => {
    fakes = await startPackageRegistryFakes();
    fakes.npm.addNpmPackage('@example/everything', { version: '1.0.0', mcpName: NAME });
    fakes.pypi.addPypiPackage('everything-mcp', { version: '1.0.0', description: `mcp-name: ${NAME}` });
    fakes.nuget.addNugetPackage('Example.Everything', {
      version: '1.0.0',
      readme: `<!-- mcp-name: ${NAME} -->`,
    });
    fakes.crates.addCrate('everything-mcp', { version: '0.1.0', readmeHtml: `<li>mcp-name: ${NAME}</li>` });
    fakes.oci.addOciImage('example/everything', '1.0.0', { labels: { [LABEL]: NAME } });
    fakes.mcpb.addMcpbFile('/example/everything/releases/download/v1.0.0/everything.mcpb');
  });
  after(() => fakes.close());

  const everyPackage = (): Array<Record<string, unknown>> => [
    {
      registryType: 'npm',
      registryBaseUrl: 'https://registry.npmjs.org',
      identifier: '@example/everything',
      version: '1.0.0',
    },
    {
      registryType: 'pypi',
      registryBaseUrl: 'https://pypi.org',
      identifier: 'everything-mcp',
      version: '1.0.0',
    },
    {
      registryType: 'nuget',
      registryBaseUrl: 'https://api.nuget.org/v3/index.json',
      identifier: 'Example.Everything',
      version: '1.0.0',
    },
    { registryType: 'cargo', identifier: 'everything-mcp', version: '0.1.0' },
    { registryType: 'oci', identifier: 'docker.io/example/everything:1.0.0' },
    {
      registryType: 'mcpb',
      identifier: 'https://github.com/example/everything/releases/download/v1.0.0/everything.mcpb',
      fileSha256: 'fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce',
    },
  ];

  it('passes a server whose packages all name it', async () => {
    const verifier = testVerifier(fakes.options);
    assert.deepEqual(await verifier.verify(serverJson(NAME, ...everyPackage())), []);
  });

  it('reports only the packages that fail, in package order', async () => {
    const verifier = testVerifier(fakes.options);
    const failures = await verifier.verify(serverJson('io.github.example/impostor', ...everyPackage()));
    assert.deepEqual(
      failures.map((f) => [f.packageIndex, f.registryType]),
      [
        [0, 'npm'],
        [1, 'pypi'],
        [2, 'nuget'],
        [3, 'cargo'],
        [4, 'oci'],
      ],
    );
    assert.equal(
      registryValidationError(failures[0]),
      "registry validation failed for package 0 (@example/everything): NPM package '@example/everything' version '1.0.0' ownership validation failed. Expected mcpName 'io.github.example/impostor', got 'io.github.example/everything'",
    );
  });

  it('keeps the registryBaseUrl allow-list even though requests go to the fakes', async () => {
    const verifier = testVerifier(fakes.options);
    const declared = fakes.options.npmBaseUrl;
    const failures = await verifier.verify(
      serverJson(NAME, {
        registryType: 'npm',
        registryBaseUrl: declared,
        identifier: '@example/everything',
        version: '1.0.0',
      }),
    );
    assert.equal(
      failures[0]?.message,
      `registry type and base URL do not match: '${declared}' is not valid for registry type 'npm'. Expected: https://registry.npmjs.org`,
    );
  });

  it('isolates a registry that is down to its own package', async () => {
    fakes.pypi.failWith(503);
    try {
      const verifier = testVerifier(fakes.options);
      const failures = await verifier.verify(serverJson(NAME, ...everyPackage()));
      assert.deepEqual(failures, [
        {
          packageIndex: 1,
          registryType: 'pypi',
          identifier: 'everything-mcp',
          message:
            "PyPI upstream error fetching metadata for package 'everything-mcp' (status: 503). Likely transient, retry later",
        },
      ]);
    } finally {
      fakes.pypi.failWith(undefined);
    }
  });
});
