import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { officialRejectionOf } from './publish-rejection';
import { checkPublishServiceRules, publishIssues, validateServerJson } from './validate-server-json';
import { resultOf } from './validation-issue';

/** validation_detailed_test.go CollectsAllErrors: something wrong at every stage. */
const EVERYTHING_WRONG = {
  name: 'invalid-name',
  version: '^1.0.0',
  description: 'Test server',
  repository: { url: 'not-a-valid-url', source: 'github' },
  websiteUrl: 'ftp://invalid-scheme.com',
  packages: [
    {
      registryType: 'oci',
      registryBaseUrl: 'https://docker.io',
      identifier: 'package with spaces',
      version: 'latest',
      transport: { type: 'stdio', url: 'should-not-have-url' },
      runtimeArguments: [{ type: 'named', name: '--port <port>' }],
    },
  ],
  remotes: [{ type: 'stdio', url: '' }],
};

const VALIDATOR_ISSUES = [
  ['schema', '', 'request-body:required'],
  ['schema', 'name', 'request-body:pattern'],
  ['semantic', 'schema', 'schema-field-required'],
  ['semantic', 'name', 'invalid-server-name'],
  ['semantic', 'version', 'version-looks-like-range'],
  ['semantic', 'repository.url', 'invalid-repository-url'],
  ['semantic', 'websiteUrl', 'website-url-invalid-scheme'],
  ['semantic', 'packages[0].identifier', 'package-name-has-spaces'],
  ['semantic', 'packages[0].version', 'reserved-version-string'],
  ['semantic', 'packages[0].runtimeArguments[0].name', 'invalid-named-argument-name'],
  ['semantic', 'packages[0].transport.url', 'stdio-transport-url-not-empty'],
  ['semantic', 'remotes[0].type', 'unsupported-remote-transport-type'],
];

const base = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'com.example/test-server',
  description: 'A test server',
  version: '1.0.0',
};
const stdio = { type: 'stdio' };
const PUBLISHER = 'io.modelcontextprotocol.registry/publisher-provided';

/** Documents only the publish service refuses: the validator (and so /v0/validate) accepts each. */
const SERVICE_ONLY: [what: string, doc: Record<string, unknown>, message: string][] = [
  [
    'an npm package without version',
    { ...base, packages: [{ registryType: 'npm', identifier: 'pkg', transport: stdio }] },
    'registry validation failed for package 0 (pkg): package version is required for NPM packages',
  ],
  [
    'a PyPI package on another base URL',
    {
      ...base,
      packages: [
        {
          registryType: 'pypi',
          registryBaseUrl: 'https://test.pypi.org',
          identifier: 'pkg',
          version: '1.0.0',
          transport: stdio,
        },
      ],
    },
    "registry validation failed for package 0 (pkg): registry type and base URL do not match: 'https://test.pypi.org' is not valid for registry type 'pypi'. Expected: https://pypi.org",
  ],
  [
    'a NuGet package with fileSha256',
    {
      ...base,
      packages: [
        {
          registryType: 'nuget',
          identifier: 'Pkg',
          version: '1.0.0',
          fileSha256: 'a'.repeat(64),
          transport: stdio,
        },
      ],
    },
    "registry validation failed for package 0 (Pkg): NuGet packages must not have 'fileSha256' field - this is only for MCPB packages",
  ],
  [
    'an OCI package with version',
    {
      ...base,
      packages: [{ registryType: 'oci', identifier: 'ghcr.io/o/i:1', version: '1', transport: stdio }],
    },
    "registry validation failed for package 0 (ghcr.io/o/i:1): OCI packages must not have 'version' field - include version in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')",
  ],
  [
    'an MCPB package outside GitHub and GitLab',
    {
      ...base,
      packages: [
        {
          registryType: 'mcpb',
          identifier: 'https://example.com/mcp.mcpb',
          fileSha256: 'a'.repeat(64),
          transport: stdio,
        },
      ],
    },
    "registry validation failed for package 0 (https://example.com/mcp.mcpb): MCPB packages must be hosted on allowlisted providers (GitHub or GitLab). Host 'example.com' is not allowed",
  ],
  [
    'publisher-provided _meta over 4 KB',
    { ...base, _meta: { [PUBLISHER]: { blob: 'x'.repeat(5000) } } },
    '_meta.io.modelcontextprotocol.registry/publisher-provided extension exceeds 4KB limit (5011 bytes)',
  ],
];

describe('validateServerJson (what POST /v0/validate reports)', () => {
  it('collects every error of the request shape and the validator (CollectsAllErrors)', () => {
    assert.deepEqual(
      validateServerJson(EVERYTHING_WRONG).map((i) => [i.type, i.path, i.reference]),
      VALIDATOR_ISSUES,
    );
  });

  for (const [what, doc] of SERVICE_ONLY) {
    it(`reports nothing for ${what}: only the publish service checks it`, () => {
      assert.deepEqual(validateServerJson(doc), []);
    });
  }

  it('finds nothing wrong in a complete valid document (ValidServer)', () => {
    assert.deepEqual(
      validateServerJson({
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name: 'com.example.test/valid-server',
        version: '1.0.0',
        description: 'A valid test server',
        title: 'Valid',
        repository: {
          url: 'https://github.com/example/valid-server',
          source: 'github',
          id: 'x',
          subfolder: 'src',
        },
        websiteUrl: 'https://test.example.com',
        icons: [
          {
            src: 'https://test.example.com/icon.png',
            mimeType: 'image/png',
            sizes: ['48x48', 'any'],
            theme: 'dark',
          },
        ],
        packages: [
          {
            registryType: 'oci',
            identifier: 'ghcr.io/example/valid-package:1.0.0',
            transport: { type: 'stdio' },
          },
        ],
        remotes: [
          {
            type: 'streamable-http',
            url: 'https://mcp.example.com/mcp',
            headers: [{ name: 'Authorization', isSecret: true }],
          },
        ],
        _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { tool: 'ci' } },
      }),
      [],
    );
  });

  it('notes each _meta key publish drops, as info: the document stays valid', () => {
    const doc = {
      ...base,
      _meta: {
        [PUBLISHER]: { tool: 'ci' },
        'io.modelcontextprotocol.registry/official': { status: 'active' },
        'com.example/ext': 1,
      },
    };
    const issues = validateServerJson(doc);
    assert.deepEqual(
      issues,
      ['io.modelcontextprotocol.registry/official', 'com.example/ext'].map((key) => ({
        type: 'schema',
        path: `_meta.${key}`,
        message: `_meta key '${key}' will be dropped: only ${PUBLISHER} is stored`,
        severity: 'info',
        reference: 'meta-key-dropped',
      })),
    );
    assert.equal(resultOf(issues).valid, true);
    assert.equal(officialRejectionOf(issues), undefined);
  });

  it('still refuses a _meta that is not an object, and unknown keys elsewhere', () => {
    assert.deepEqual(
      validateServerJson({ ...base, _meta: 'x', extra: 1 }).map((i) => [i.path, i.message, i.severity]),
      [
        ['_meta', 'expected object', 'error'],
        ['extra', 'unexpected property', 'error'],
      ],
    );
  });

  it('reports only the shape of something that is not an object', () => {
    assert.deepEqual(
      validateServerJson('name').map((i) => i.message),
      ['expected object'],
    );
  });
});

describe('publishIssues (every offline rule of a publish with registry validation on)', () => {
  it('adds the publish service stage after the validator', () => {
    assert.deepEqual(
      publishIssues(EVERYTHING_WRONG).map((i) => [i.type, i.path, i.reference]),
      [...VALIDATOR_ISSUES, ['semantic', 'packages[0]', 'package-registry:oci']],
    );
  });

  for (const [what, doc, message] of SERVICE_ONLY) {
    it(`refuses ${what}`, () => {
      assert.deepEqual(
        publishIssues(doc).map((i) => i.message),
        [message],
      );
    });
  }
});

describe('checkPublishServiceRules (the publish service, whatever the registry-validation switch)', () => {
  it('checks the _meta size only, never a package-registry rule', () => {
    const [, npmWithoutVersion] = SERVICE_ONLY[0]!;
    assert.deepEqual(checkPublishServiceRules(npmWithoutVersion), []);
    const [, bigMeta, message] = SERVICE_ONLY[SERVICE_ONLY.length - 1]!;
    assert.deepEqual(
      checkPublishServiceRules(bigMeta).map((i) => i.message),
      [message],
    );
  });
});
