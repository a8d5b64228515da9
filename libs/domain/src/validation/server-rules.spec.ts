import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPublishRules } from './validate-server-json';

const CURRENT = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const repo = { url: 'https://github.com/owner/repo', source: 'github' };
const base = {
  $schema: CURRENT,
  name: 'com.example/test-server',
  description: 'A test server',
  repository: repo,
  version: '1.0.0',
};
const npm = (extra: Record<string, unknown>) => ({
  identifier: 'test-package',
  registryType: 'npm',
  transport: { type: 'stdio' },
  ...extra,
});

function firstError(doc: Record<string, unknown>): string | null {
  return checkPublishRules(doc).find((i) => i.severity === 'error')?.message ?? null;
}

// Ported from validators_test.go TestValidate (expected = the first error's exact text).
const TABLE: [string, Record<string, unknown>, string | null][] = [
  ['schema version is required', { ...base, $schema: '' }, '$schema field is required'],
  [
    'schema version 2025-01-27 does not exist',
    { ...base, $schema: 'https://static.modelcontextprotocol.io/schemas/2025-01-27/server.schema.json' },
    'schema version 2025-01-27 not available: schema version 2025-01-27 not found in embedded schemas: open schemas/2025-01-27.json: file does not exist',
  ],
  [
    'schema URL without a version',
    { ...base, $schema: 'https://example.com/server.json' },
    'failed to extract schema version from URL: invalid schema URL format: https://example.com/server.json',
  ],
  ['current schema', base, null],
  [
    'older known schema is only a warning',
    { ...base, $schema: 'https://static.modelcontextprotocol.io/schemas/2025-07-09/server.schema.json' },
    null,
  ],
  [
    'top-level version range',
    { ...base, version: '^1.2.3' },
    'version must be a specific version, not a range: "^1.2.3"',
  ],
  [
    'top-level latest',
    { ...base, version: 'latest' },
    "version string 'latest' is reserved and cannot be used",
  ],
  [
    'package version range',
    { ...base, packages: [npm({ version: '>=1.2.3' })] },
    'version must be a specific version, not a range: ">=1.2.3"',
  ],
  ['semver versions', { ...base, version: '1.2.3', packages: [npm({ version: '1.2.3-alpha.1' })] }, null],
  ['non-semver versions', { ...base, version: '2021.03.15', packages: [npm({ version: 'snapshot' })] }, null],
  ['x-range', { ...base, version: '1.x' }, 'version must be a specific version, not a range: "1.x"'],
  ['wildcard', { ...base, version: '1.*' }, 'version must be a specific version, not a range: "1.*"'],
  ['free-form version with a hyphen', { ...base, version: 'snapshot - 2025.09' }, null],
  [
    'hyphen range',
    { ...base, version: '1.2.3 - 2.0.0' },
    'version must be a specific version, not a range: "1.2.3 - 2.0.0"',
  ],
  [
    'OR range',
    { ...base, version: '1.2 || 1.3' },
    'version must be a specific version, not a range: "1.2 || 1.3"',
  ],
  [
    'comparator with space',
    { ...base, version: '>= 1.2.3' },
    'version must be a specific version, not a range: ">= 1.2.3"',
  ],
  [
    'name with two slashes',
    { ...base, name: 'com.example/server/path' },
    'server name cannot contain multiple slashes',
  ],
  [
    'invalid repository source',
    { ...base, repository: { url: 'https://bitbucket.org/owner/repo', source: 'bitbucket' } },
    'invalid repository URL: https://bitbucket.org/owner/repo',
  ],
  [
    'GitHub URL without repo',
    { ...base, repository: { url: 'https://github.com/owner', source: 'github' } },
    'invalid repository URL: https://github.com/owner',
  ],
  [
    'GitLab URL without owner',
    { ...base, repository: { url: 'https://gitlab.com', source: 'gitlab' } },
    'invalid repository URL: https://gitlab.com',
  ],
  [
    'GitLab subgroup',
    { ...base, repository: { url: 'https://gitlab.com/group/subgroup/repo', source: 'gitlab' } },
    null,
  ],
  ['empty repository object', { ...base, repository: {} }, null],
  ['repository subfolder', { ...base, repository: { ...repo, subfolder: 'servers/my-server' } }, null],
  [
    'subfolder with ..',
    { ...base, repository: { ...repo, subfolder: '../parent/folder' } },
    'invalid subfolder path: ../parent/folder',
  ],
  [
    'subfolder starting with /',
    { ...base, repository: { ...repo, subfolder: '/absolute/path' } },
    'invalid subfolder path: /absolute/path',
  ],
  [
    'subfolder ending with /',
    { ...base, repository: { ...repo, subfolder: 'servers/my-server/' } },
    'invalid subfolder path: servers/my-server/',
  ],
  [
    'subfolder with a space',
    { ...base, repository: { ...repo, subfolder: 'servers/my server' } },
    'invalid subfolder path: servers/my server',
  ],
  [
    'subfolder with //',
    { ...base, repository: { ...repo, subfolder: 'servers//my-server' } },
    'invalid subfolder path: servers//my-server',
  ],
  ['websiteUrl', { ...base, websiteUrl: 'https://example.com/docs' }, null],
  [
    'websiteUrl without scheme',
    { ...base, websiteUrl: 'example.com/docs' },
    'websiteUrl must be absolute (include scheme): example.com/docs',
  ],
  [
    'websiteUrl over ftp',
    { ...base, websiteUrl: 'ftp://example.com/docs' },
    'websiteUrl must use https scheme: ftp://example.com/docs',
  ],
  [
    'websiteUrl over http',
    { ...base, websiteUrl: 'http://example.com/docs' },
    'websiteUrl must use https scheme: http://example.com/docs',
  ],
  [
    'malformed websiteUrl',
    { ...base, websiteUrl: 'ht tp://example.com/docs' },
    'invalid websiteUrl: parse "ht tp://example.com/docs": first path segment in URL cannot contain colon',
  ],
  [
    'websiteUrl with a double quote',
    { ...base, websiteUrl: 'https://example.com/"oops' },
    'websiteUrl contains an invalid character "\\"": https://example.com/"oops',
  ],
  [
    'websiteUrl with a newline',
    { ...base, websiteUrl: 'https://example.com/has\nnewline' },
    'invalid websiteUrl: parse "https://example.com/has\\nnewline": net/url: invalid control character in URL',
  ],
  [
    'websiteUrl with percent-encoded characters',
    { ...base, websiteUrl: 'https://example.com/path/?q=hello%20world&r=a%22b' },
    null,
  ],
  ['websiteUrl on another domain', { ...base, websiteUrl: 'https://different.com/docs' }, null],
  [
    'package name with spaces',
    { ...base, packages: [npm({ identifier: 'test package with spaces' })] },
    'package name cannot contain spaces',
  ],
  [
    'package version latest',
    { ...base, packages: [npm({ version: 'latest' })] },
    "version string 'latest' is reserved and cannot be used",
  ],
  [
    'remote with invalid URL',
    { ...base, remotes: [{ type: 'streamable-http', url: 'not-a-valid-url' }] },
    'invalid remote URL: not-a-valid-url',
  ],
  [
    'remote over localhost',
    { ...base, remotes: [{ type: 'streamable-http', url: 'http://localhost:3000' }] },
    'invalid remote URL: http://localhost:3000',
  ],
  [
    'remote over http',
    { ...base, remotes: [{ type: 'streamable-http', url: 'http://api.github.com/endpoint' }] },
    'invalid remote URL: http://api.github.com/endpoint',
  ],
  [
    'remote on another domain',
    { ...base, remotes: [{ type: 'streamable-http', url: 'https://google.com/mcp' }] },
    null,
  ],
  ['empty packages and remotes', { ...base, packages: [], remotes: [] }, null],
  ['title', { ...base, title: 'GitHub MCP Server' }, null],
  ['whitespace title', { ...base, title: '   ' }, 'title cannot be only whitespace'],
  ['https icon', { ...base, icons: [{ src: 'https://example.com/icon.png' }] }, null],
  [
    'http icon',
    { ...base, icons: [{ src: 'http://example.com/icon.png' }] },
    'icon src must use https scheme (got http): http://example.com/icon.png',
  ],
  [
    'data: icon',
    { ...base, icons: [{ src: 'data:image/png;base64,AAAA' }] },
    'icon src must use https scheme (got data): data:image/png;base64,AAAA',
  ],
  [
    'relative icon',
    { ...base, icons: [{ src: '/icon.png' }] },
    'icon src must be an absolute URL (include scheme): /icon.png',
  ],
  [
    'unparsable icon',
    { ...base, icons: [{ src: 'https://exa mple.com/i.png' }] },
    'invalid icon src URL: parse "https://exa mple.com/i.png": invalid character " " in host name',
  ],
];

describe('publish validator: server-level rules', () => {
  for (const [name, doc, expected] of TABLE) {
    it(name, () => assert.equal(firstError(doc), expected));
  }

  it('reports an older known schema as a warning on the schema path', () => {
    const issues = checkPublishRules({
      ...base,
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-07-09/server.schema.json',
    });
    assert.deepEqual(issues, [
      {
        type: 'semantic',
        path: 'schema',
        message:
          'schema version 2025-07-09 is not the current version (2025-12-11). Consider updating to the latest schema version',
        severity: 'warning',
        reference: 'schema-version-deprecated',
      },
    ]);
  });

  it('reports a relative icon both as not absolute and as not https', () => {
    const issues = checkPublishRules({ ...base, icons: [{ src: 'icon.png' }] });
    assert.deepEqual(
      issues.map((i) => [i.path, i.reference]),
      [
        ['icons[0].src', 'icon-src-not-absolute'],
        ['icons[0].src', 'icon-src-invalid-scheme'],
      ],
    );
  });
});
