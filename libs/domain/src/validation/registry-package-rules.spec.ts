import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REGISTRY_TYPES, checkPackageRegistries, packageRegistryFailure } from './registry-package-rules';

const NPM = 'https://registry.npmjs.org';
const PYPI = 'https://pypi.org';
const NUGET = 'https://api.nuget.org/v3/index.json';
const GO = 'https://proxy.golang.org';
const SHA = 'fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce';
const GITHUB_MCPB =
  'https://github.com/domdomegg/airtable-mcp-server/releases/download/v1.7.2/airtable-mcp-server.mcpb';
const mismatch = (base: string, type: string, expected: string) =>
  `registry type and base URL do not match: '${base}' is not valid for registry type '${type}'. Expected: ${expected}`;

// [case, registryType, registryBaseUrl, identifier, version, fileSha256, expected failure]
// Ported from validators_test.go TestValidate_RegistryTypesAndUrls and registries/*_test.go.
const TABLE: [string, string, string, string, string, string, string | undefined][] = [
  ['npm with base URL', 'npm', NPM, 'airtable-mcp-server', '1.7.2', '', undefined],
  ['npm without base URL', 'npm', '', 'airtable-mcp-server', '1.7.2', '', undefined],
  [
    'npm without version',
    'npm',
    '',
    'airtable-mcp-server',
    '',
    '',
    'package version is required for NPM packages',
  ],
  ['npm with file hash', 'npm', '', 'x', '1.0.0', SHA, "NPM packages must not have 'fileSha256' field"],
  [
    'npm with another base URL',
    'npm',
    'https://npm.example.com',
    'x',
    '1.0.0',
    '',
    mismatch('https://npm.example.com', 'npm', NPM),
  ],
  ['pypi', 'pypi', PYPI, 'time-mcp-pypi', '1.0.1', '', undefined],
  ['pypi without base URL', 'pypi', '', 'time-mcp-pypi', '1.0.1', '', undefined],
  ['pypi without version', 'pypi', '', 'x', '', '', 'package version is required for PyPI packages'],
  [
    'pypi with file hash',
    'pypi',
    '',
    'x',
    '1',
    SHA,
    "PyPI packages must not have 'fileSha256' field - this is only for MCPB packages",
  ],
  ['nuget', 'nuget', NUGET, 'TimeMcpServer', '1.0.2', '', undefined],
  ['nuget without base URL', 'nuget', '', 'TimeMcpServer', '1.0.2', '', undefined],
  [
    'nuget with the old base URL',
    'nuget',
    'https://api.nuget.org',
    'X',
    '1.0.2',
    '',
    mismatch('https://api.nuget.org', 'nuget', NUGET),
  ],
  ['nuget checks its base URL before its version', 'nuget', NPM, 'X', '', '', mismatch(NPM, 'nuget', NUGET)],
  ['nuget without version', 'nuget', '', 'X', '', '', 'package version is required for NuGet packages'],
  ['nuget with the npm base URL', 'nuget', NPM, 'TimeMcpServer', '1.0.2', '', mismatch(NPM, 'nuget', NUGET)],
  ['cargo', 'cargo', '', 'rust-faf-mcp', '0.2.2', '', undefined],
  [
    'cargo with a trailing slash',
    'cargo',
    'https://crates.io/',
    'rust-faf-mcp',
    '0.2.2',
    '',
    mismatch('https://crates.io/', 'cargo', 'https://crates.io'),
  ],
  [
    'cargo over http',
    'cargo',
    'http://crates.io',
    'rust-faf-mcp',
    '0.2.2',
    '',
    mismatch('http://crates.io', 'cargo', 'https://crates.io'),
  ],
  [
    'cargo with the PyPI base URL',
    'cargo',
    PYPI,
    'time-mcp-pypi',
    '1.0.1',
    '',
    mismatch(PYPI, 'cargo', 'https://crates.io'),
  ],
  ['oci', 'oci', '', 'domdomegg/airtable-mcp-server:1.7.2', '', '', undefined],
  ['oci on ghcr with digest', 'oci', '', `ghcr.io/owner/image@sha256:${SHA}`, '', '', undefined],
  [
    'oci with base URL',
    'oci',
    'https://docker.io',
    'docker.io/test/image:latest',
    '',
    '',
    "OCI packages must not have 'registryBaseUrl' field - use canonical reference in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')",
  ],
  [
    'oci with version',
    'oci',
    '',
    'docker.io/test/image:latest',
    '1.0.0',
    '',
    "OCI packages must not have 'version' field - include version in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')",
  ],
  [
    'oci with file hash',
    'oci',
    '',
    'docker.io/test/image:latest',
    '',
    'abcd1234',
    "OCI packages must not have 'fileSha256' field",
  ],
  [
    'oci with a space in the tag',
    'oci',
    '',
    'docker.io/test/image:INVALID SPACE',
    '',
    '',
    'invalid OCI reference: could not parse reference: docker.io/test/image:INVALID SPACE',
  ],
  [
    'oci malformed',
    'oci',
    '',
    'not-a-valid-reference::::',
    '',
    '',
    'invalid OCI reference: could not parse reference: not-a-valid-reference::::',
  ],
  [
    'oci on an unlisted registry',
    'oci',
    '',
    'registry.example.com/team/image:1.0',
    '',
    '',
    'unsupported OCI registry: registry.example.com',
  ],
  ['mcpb on GitHub', 'mcpb', '', GITHUB_MCPB, '', SHA, undefined],
  ['mcpb with version', 'mcpb', '', GITHUB_MCPB, '1.7.2', SHA, undefined],
  [
    'mcpb on GitLab',
    'mcpb',
    '',
    'https://gitlab.com/fforster/gitlab-mcp/-/releases/v1.31.0/downloads/gitlab-mcp_1.31.0_Linux_x86_64.tar.gz',
    '',
    SHA,
    undefined,
  ],
  [
    'mcpb without file hash',
    'mcpb',
    '',
    GITHUB_MCPB,
    '',
    '',
    'must include a fileSha256 hash for integrity verification',
  ],
  [
    'mcpb with base URL',
    'mcpb',
    'https://github.com',
    GITHUB_MCPB,
    '',
    SHA,
    "MCPB packages must not have 'registryBaseUrl' field - use the full download URL in 'identifier' instead",
  ],
  [
    'mcpb elsewhere',
    'mcpb',
    '',
    'https://example.com/server.mcpb',
    '',
    SHA,
    "MCPB packages must be hosted on allowlisted providers (GitHub or GitLab). Host 'example.com' is not allowed",
  ],
  [
    'mcpb not a release asset',
    'mcpb',
    '',
    'https://github.com/owner/repo/raw/main/server.mcpb',
    '',
    SHA,
    "GitHub MCPB packages must be release assets following the pattern '/owner/repo/releases/download/tag/filename'",
  ],
  [
    'mcpb over http',
    'mcpb',
    '',
    'http://github.com/o/mcp/releases/download/v1/x.mcpb',
    '',
    SHA,
    'invalid MCPB package URL, must use HTTPS: http://github.com/o/mcp/releases/download/v1/x.mcpb',
  ],
  [
    'mcpb URL without mcp',
    'mcpb',
    '',
    'https://github.com/o/r/releases/download/v1/x.zip',
    '',
    SHA,
    "MCPB package URL must contain 'mcp': https://github.com/o/r/releases/download/v1/x.zip",
  ],
  ['go', 'go', GO, 'github.com/parity/server', 'v1.0.0', '', undefined],
  ['go without base URL', 'go', '', 'github.com/parity/server/cmd/x', 'v1.0.0', '', undefined],
  [
    'go without identifier',
    'go',
    '',
    '',
    'v1.0.0',
    '',
    'package identifier (the module path, e.g. github.com/owner/repo) is required for Go packages',
  ],
  [
    'go without version',
    'go',
    '',
    'github.com/parity/x',
    '',
    '',
    'package version is required for Go packages',
  ],
  [
    'go with file hash',
    'go',
    '',
    'github.com/parity/x',
    'v1.0.0',
    SHA,
    "go packages must not have 'fileSha256' field - this is only for MCPB packages",
  ],
  [
    'go with another base URL',
    'go',
    'https://goproxy.example.com',
    'github.com/parity/x',
    'v1.0.0',
    '',
    mismatch('https://goproxy.example.com', 'go', GO),
  ],
  [
    'go module of another owner',
    'go',
    '',
    'github.com/other/x',
    'v1.0.0',
    '',
    "go module ownership validation failed: server 'io.github.parity/server' is owned by GitHub user 'parity', but module path 'github.com/other/x' belongs to 'other'",
  ],
  ['maven', 'maven', NPM, 'x', '1', '', 'unsupported registry type: maven'],
  ['gem', 'gem', '', 'x', '1', '', 'unsupported registry type: gem'],
  ['docker (should be oci)', 'docker', '', 'x', '1', '', 'unsupported registry type: docker'],
  ['github (should be mcpb)', 'github', '', GITHUB_MCPB, '1', '', 'unsupported registry type: github'],
  ['blank', '', NUGET, 'x', '1', '', 'unsupported registry type: '],
  ['a URL as type', NPM, NPM, 'x', '1', '', `unsupported registry type: ${NPM}`],
];

describe('packageRegistryFailure', () => {
  for (const [name, registryType, registryBaseUrl, identifier, version, fileSha256, expected] of TABLE) {
    it(name, () => {
      const pkg = {
        registryType,
        registryBaseUrl,
        identifier,
        version,
        fileSha256,
        transport: { type: 'stdio' },
      };
      assert.equal(packageRegistryFailure(pkg, 'io.github.parity/server'), expected);
    });
  }

  it('knows every type in REGISTRY_TYPES, the types the publish-time adapters check', () => {
    for (const registryType of REGISTRY_TYPES) {
      const failure = packageRegistryFailure({ registryType }, 'io.github.parity/server');
      assert.ok(!failure?.startsWith('unsupported registry type'), `${registryType}: ${failure}`);
    }
  });
});

describe('checkPackageRegistries', () => {
  it('wraps each failing package as the publish service reports it', () => {
    const issues = checkPackageRegistries(
      [
        { registryType: 'npm', identifier: 'ok', version: '1.0.0' },
        {
          registryType: 'nuget',
          registryBaseUrl: 'https://api.nuget.org',
          identifier: 'NuGet.Mcp.Server',
          version: '1.1.12',
        },
      ],
      'io.github.parity/server',
    );
    assert.deepEqual(issues, [
      {
        type: 'semantic',
        path: 'packages[1]',
        message: `registry validation failed for package 1 (NuGet.Mcp.Server): ${mismatch('https://api.nuget.org', 'nuget', NUGET)}`,
        severity: 'error',
        reference: 'package-registry:nuget',
      },
    ]);
  });
});
