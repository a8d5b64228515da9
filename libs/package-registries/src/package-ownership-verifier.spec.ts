import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OutboundHttp } from '@registry/outbound-http';
import { Package, ServerJson } from '@registry/domain/server-json/server-json';
import { REGISTRY_TYPES } from '@registry/domain/validation';
import { PackageOwnershipVerifier, registryValidationError } from './package-ownership-verifier';

/**
 * The rules the official validators apply before any network request, with their exact texts.
 * The verifier runs in production mode against unroutable loopback URLs: a request made by
 * mistake would fail with "refusing to connect", never with the expected text.
 */
const verifier = new PackageOwnershipVerifier(new OutboundHttp({ allowPrivateAddresses: false }), {
  npmBaseUrl: 'http://127.0.0.1:9',
  pypiBaseUrl: 'http://127.0.0.1:9',
  nugetBaseUrl: 'http://127.0.0.1:9/v3/index.json',
  cratesBaseUrl: 'http://127.0.0.1:9',
  goProxyBaseUrl: 'http://127.0.0.1:9',
  ociRegistryOverrides: { 'docker.io': 'http://127.0.0.1:9', 'ghcr.io': 'http://127.0.0.1:9' },
  mcpbHostOverrides: { 'github.com': 'http://127.0.0.1:9' },
});

const SERVER = 'io.github.example/test';
const SHA = 'fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce';
const mismatch = (url: string, type: string, expected: string): string =>
  `registry type and base URL do not match: '${url}' is not valid for registry type '${type}'. Expected: ${expected}`;

async function messageFor(
  pkg: Partial<Package> & Record<string, unknown>,
  serverName = SERVER,
): Promise<string> {
  const server = {
    name: serverName,
    description: 'd',
    version: '1.0.0',
    packages: [{ transport: { type: 'stdio' }, ...pkg }],
  };
  const failures = await verifier.verify(server as ServerJson);
  assert.equal(failures.length, 1, 'expected exactly one failure');
  return failures[0].message;
}

type Case = [string, Record<string, unknown>, string];

function table(name: string, cases: Case[], serverName = SERVER): void {
  describe(name, () => {
    for (const [description, pkg, expected] of cases) {
      it(description, async () => assert.equal(await messageFor(pkg, serverName), expected));
    }
  });
}

const npm = { registryType: 'npm', identifier: 'demo-pkg', version: '1.0.0' };
table('npm rules (npm.go)', [
  ['empty identifier', { ...npm, identifier: '' }, 'package identifier is required for NPM packages'],
  ['empty version', { ...npm, version: '' }, 'package version is required for NPM packages'],
  [
    'both empty: identifier first',
    { ...npm, identifier: '', version: '' },
    'package identifier is required for NPM packages',
  ],
  ['fileSha256 present', { ...npm, fileSha256: SHA }, "NPM packages must not have 'fileSha256' field"],
  [
    'trailing slash base URL',
    { ...npm, registryBaseUrl: 'https://registry.npmjs.org/' },
    mismatch('https://registry.npmjs.org/', 'npm', 'https://registry.npmjs.org'),
  ],
  [
    'GitHub packages base URL',
    { ...npm, registryBaseUrl: 'https://npm.pkg.github.com' },
    mismatch('https://npm.pkg.github.com', 'npm', 'https://registry.npmjs.org'),
  ],
]);

const pypi = { registryType: 'pypi', identifier: 'demo', version: '1.0.0' };
table('PyPI rules (pypi.go)', [
  ['empty identifier', { ...pypi, identifier: '' }, 'package identifier is required for PyPI packages'],
  ['empty version', { ...pypi, version: '' }, 'package version is required for PyPI packages'],
  [
    'fileSha256 present',
    { ...pypi, fileSha256: SHA },
    "PyPI packages must not have 'fileSha256' field - this is only for MCPB packages",
  ],
  [
    'TestPyPI base URL',
    { ...pypi, registryBaseUrl: 'https://test.pypi.org' },
    mismatch('https://test.pypi.org', 'pypi', 'https://pypi.org'),
  ],
]);

const nuget = { registryType: 'nuget', identifier: 'Demo.Pkg', version: '1.0.0' };
table('NuGet rules (nuget.go)', [
  ['empty identifier', { ...nuget, identifier: '' }, 'package identifier is required for NuGet packages'],
  ['empty version', { ...nuget, version: '' }, 'package version is required for NuGet packages'],
  [
    'fileSha256 present',
    { ...nuget, fileSha256: SHA },
    "NuGet packages must not have 'fileSha256' field - this is only for MCPB packages",
  ],
  [
    'host-only base URL',
    { ...nuget, registryBaseUrl: 'https://api.nuget.org' },
    mismatch('https://api.nuget.org', 'nuget', 'https://api.nuget.org/v3/index.json'),
  ],
  [
    'base URL is checked before the version',
    { ...nuget, version: '', registryBaseUrl: 'https://example.com' },
    mismatch('https://example.com', 'nuget', 'https://api.nuget.org/v3/index.json'),
  ],
]);

const cargo = { registryType: 'cargo', identifier: 'rust-faf-mcp', version: '0.2.2' };
table('Cargo rules (cargo.go)', [
  ['empty identifier', { ...cargo, identifier: '' }, 'package identifier is required for Cargo packages'],
  ['empty version', { ...cargo, version: '' }, 'package version is required for Cargo packages'],
  [
    'fileSha256 present',
    { ...cargo, fileSha256: '0'.repeat(64) },
    "cargo packages must not have 'fileSha256' field - this is only for MCPB packages",
  ],
  ...['https://example.com', 'https://crates.io/', 'http://crates.io', 'https://www.crates.io'].map(
    (url): Case => [
      `base URL ${url}`,
      { ...cargo, registryBaseUrl: url },
      mismatch(url, 'cargo', 'https://crates.io'),
    ],
  ),
]);

const goModule = { registryType: 'go', identifier: 'github.com/alice/mcp-foo', version: 'v1.0.0' };
table(
  'Go rules (go.go)',
  [
    [
      'empty identifier',
      { ...goModule, identifier: '' },
      'package identifier (the module path, e.g. github.com/owner/repo) is required for Go packages',
    ],
    ['empty version', { ...goModule, version: '' }, 'package version is required for Go packages'],
    [
      'fileSha256 present',
      { ...goModule, fileSha256: 'deadbeef' },
      "go packages must not have 'fileSha256' field - this is only for MCPB packages",
    ],
    [
      'base URL',
      { ...goModule, registryBaseUrl: 'https://example.com' },
      mismatch('https://example.com', 'go', 'https://proxy.golang.org'),
    ],
    [
      'ownership fails before any network request',
      { ...goModule, identifier: 'github.com/someone-else/mcp-foo' },
      "go module ownership validation failed: server 'io.github.alice/foo' is owned by GitHub user 'alice', but module path 'github.com/someone-else/mcp-foo' belongs to 'someone-else'",
    ],
  ],
  'io.github.alice/foo',
);

const oci = { registryType: 'oci', identifier: 'docker.io/test/image:latest' };
table('OCI rules (oci.go)', [
  ['empty identifier', { ...oci, identifier: '' }, 'package identifier is required for OCI packages'],
  [
    'registryBaseUrl present',
    { ...oci, registryBaseUrl: 'https://docker.io' },
    "OCI packages must not have 'registryBaseUrl' field - use canonical reference in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')",
  ],
  [
    'version present',
    { ...oci, version: '1.0.0' },
    "OCI packages must not have 'version' field - include version in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')",
  ],
  ['fileSha256 present', { ...oci, fileSha256: 'abcd1234' }, "OCI packages must not have 'fileSha256' field"],
  [
    'base URL before version',
    { ...oci, version: '1', registryBaseUrl: 'https://docker.io' },
    "OCI packages must not have 'registryBaseUrl' field - use canonical reference in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')",
  ],
  [
    'invalid characters in reference',
    { ...oci, identifier: 'docker.io/test/image:INVALID SPACE' },
    'invalid OCI reference: could not parse reference: docker.io/test/image:INVALID SPACE',
  ],
  [
    'malformed reference',
    { ...oci, identifier: 'not-a-valid-reference::::' },
    'invalid OCI reference: could not parse reference: not-a-valid-reference::::',
  ],
  ...['gcr.io', 'public.ecr.aws', 'registry.gitlab.com', 'custom-registry.com', 'harbor.example.com'].map(
    (host): Case => [
      `registry ${host}`,
      { ...oci, identifier: `${host}/test/image:latest` },
      `unsupported OCI registry: ${host}`,
    ],
  ),
]);

const mcpb = {
  registryType: 'mcpb',
  identifier: 'https://github.com/example/server/releases/download/v1.0.0/server.mcpb',
  fileSha256: SHA,
};
table('MCPB rules (mcpb.go)', [
  [
    'empty fileSha256',
    { ...mcpb, fileSha256: '' },
    'must include a fileSha256 hash for integrity verification',
  ],
  [
    'both empty: fileSha256 first',
    { ...mcpb, fileSha256: '', identifier: '' },
    'must include a fileSha256 hash for integrity verification',
  ],
  ['empty identifier', { ...mcpb, identifier: '' }, 'package identifier is required for MCPB packages'],
  [
    'version present',
    { ...mcpb, version: '1.0.0' },
    "MCPB packages must not have 'version' field - version should be embedded in the download URL",
  ],
  [
    'registryBaseUrl present',
    { ...mcpb, registryBaseUrl: 'https://github.com' },
    "MCPB packages must not have 'registryBaseUrl' field - use the full download URL in 'identifier' instead",
  ],
  [
    'both extra fields: version first',
    { ...mcpb, version: '1.0.0', registryBaseUrl: 'https://github.com' },
    "MCPB packages must not have 'version' field - version should be embedded in the download URL",
  ],
  [
    'plain http',
    { ...mcpb, identifier: 'http://github.com/example/server/releases/download/v1.0.0/server.mcpb' },
    'invalid MCPB package URL, must use HTTPS: http://github.com/example/server/releases/download/v1.0.0/server.mcpb',
  ],
  [
    'URL without mcp',
    { ...mcpb, identifier: 'https://github.com/example/server/releases/download/v1.0.0/server.tar.gz' },
    "MCPB package URL must contain 'mcp': https://github.com/example/server/releases/download/v1.0.0/server.tar.gz",
  ],
  [
    'invalid URL format',
    { ...mcpb, identifier: 'not://a valid url for mcpb!' },
    'invalid MCPB package URL: parse "not://a valid url for mcpb!": invalid character " " in host name',
  ],
  [
    'host not allowed',
    { ...mcpb, identifier: 'https://example.com/mcp/server.mcpb' },
    "MCPB packages must be hosted on allowlisted providers (GitHub or GitLab). Host 'example.com' is not allowed",
  ],
]);

table('dispatch (package.go)', [
  ['unknown registry type', { registryType: 'maven', identifier: 'x' }, 'unsupported registry type: maven'],
  [
    'registry types are case-sensitive',
    { registryType: 'NPM', identifier: 'x', version: '1' },
    'unsupported registry type: NPM',
  ],
  ['missing registry type', { identifier: 'x' }, 'unsupported registry type: '],
  ['mistyped registry type', { registryType: 7, identifier: 'x' }, 'unsupported registry type: '],
]);

describe('PackageOwnershipVerifier.verify', () => {
  it('reports every failing package with its index and identifier, and passes servers without packages', async () => {
    const server = {
      name: SERVER,
      description: 'd',
      version: '1.0.0',
      packages: [
        { ...npm, version: '', transport: { type: 'stdio' } },
        { ...oci, identifier: 'gcr.io/x/y:1', transport: { type: 'stdio' } },
      ],
    } as ServerJson;
    const failures = await verifier.verify(server);
    assert.deepEqual(failures, [
      {
        packageIndex: 0,
        registryType: 'npm',
        identifier: 'demo-pkg',
        message: 'package version is required for NPM packages',
      },
      {
        packageIndex: 1,
        registryType: 'oci',
        identifier: 'gcr.io/x/y:1',
        message: 'unsupported OCI registry: gcr.io',
      },
    ]);
    assert.equal(
      registryValidationError(failures[0]),
      'registry validation failed for package 0 (demo-pkg): package version is required for NPM packages',
    );
    assert.deepEqual(await verifier.verify({ name: SERVER, description: 'd', version: '1.0.0' }), []);
    assert.deepEqual(
      await verifier.verify({ name: SERVER, description: 'd', version: '1.0.0', packages: [] }),
      [],
    );
  });
});

describe('registry types', () => {
  it('checks exactly the types the domain rules know (REGISTRY_TYPES)', async () => {
    for (const registryType of REGISTRY_TYPES) {
      // An empty package fails offline for every known type, before any request.
      const message = await messageFor({ registryType });
      assert.ok(!message.startsWith('unsupported registry type'), `${registryType}: ${message}`);
    }
    assert.equal(await messageFor({ registryType: 'maven' }), 'unsupported registry type: maven');
  });
});
