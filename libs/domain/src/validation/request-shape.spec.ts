import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRequestShape, humaLocation } from './request-shape';
import { SERVER_JSON_SHAPE } from './server-json-shape';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const base = {
  $schema: SCHEMA,
  name: 'com.example/test-server',
  description: 'A test server',
  version: '1.0.0',
};
const stdio = { type: 'stdio' };

/** [case, document, expected [path, message] pairs] — huma's messages for the Go struct tags. */
const TABLE: [string, unknown, [string, string][]][] = [
  ['a minimal valid document', base, []],
  ['not an object', [base], [['', 'expected object']]],
  [
    'missing required fields',
    {},
    [
      ['', 'expected required property $schema to be present'],
      ['', 'expected required property description to be present'],
      ['', 'expected required property name to be present'],
      ['', 'expected required property version to be present'],
    ],
  ],
  ['empty $schema', { ...base, $schema: '' }, [['$schema', 'expected length >= 1']]],
  [
    'name with two slashes (publish_test.go)',
    { ...base, name: 'com.example/server/path' },
    [['name', 'expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$']],
  ],
  [
    'name too short',
    { ...base, name: 'a/' },
    [
      ['name', 'expected length >= 3'],
      ['name', 'expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$'],
    ],
  ],
  ['name not a string', { ...base, name: 42 }, [['name', 'expected string']]],
  [
    'description of 101 characters',
    { ...base, description: 'd'.repeat(101) },
    [['description', 'expected length <= 100']],
  ],
  ['description of 100 emoji (counted as runes)', { ...base, description: '😀'.repeat(100) }, []],
  [
    'description of 101 emoji (counted as runes)',
    { ...base, description: '😀'.repeat(101) },
    [['description', 'expected length <= 100']],
  ],
  [
    'description of 99 emoji and 2 letters',
    { ...base, description: `${'😀'.repeat(99)}ab` },
    [['description', 'expected length <= 100']],
  ],
  [
    'name of one emoji and two letters (three runes)',
    { ...base, name: 'a/😀' },
    [['name', 'expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$']],
  ],
  [
    'name of two runes, one an emoji (three UTF-16 units)',
    { ...base, name: '/😀' },
    [
      ['name', 'expected length >= 3'],
      ['name', 'expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$'],
    ],
  ],
  ['empty title', { ...base, title: '' }, [['title', 'expected length >= 1']]],
  ['null title is skipped', { ...base, title: null }, []],
  ['unknown top-level key', { ...base, status: 'active' }, [['status', 'unexpected property']]],
  ['key differing only in case is not unexpected', { ...base, Title: 'x' }, []],
  [
    'official meta sent by the client',
    { ...base, _meta: { 'io.modelcontextprotocol.registry/official': {} } },
    [['_meta.io.modelcontextprotocol.registry/official', 'unexpected property']],
  ],
  [
    'publisher meta of any shape inside',
    { ...base, _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { a: [1, { b: null }] } } },
    [],
  ],
  [
    'publisher meta not an object',
    { ...base, _meta: { 'io.modelcontextprotocol.registry/publisher-provided': 'x' } },
    [['_meta.io.modelcontextprotocol.registry/publisher-provided', 'expected object']],
  ],
  [
    'websiteUrl that Go cannot parse',
    { ...base, websiteUrl: 'ht tp://example.com' },
    [
      [
        'websiteUrl',
        'expected string to be RFC 3986 uri: parse "ht tp://example.com": first path segment in URL cannot contain colon',
      ],
    ],
  ],
  [
    'environment variable format outside the enum',
    {
      ...base,
      packages: [
        {
          registryType: 'pypi',
          identifier: 'x',
          transport: stdio,
          environmentVariables: [{ name: 'N', format: 'integer' }],
        },
      ],
    },
    [
      [
        'packages[0].environmentVariables[0].format',
        'expected value to be one of "string, number, boolean, filepath"',
      ],
    ],
  ],
  [
    'package missing transport and identifier',
    { ...base, packages: [{ registryType: 'npm' }] },
    [
      ['packages[0]', 'expected required property identifier to be present'],
      ['packages[0]', 'expected required property transport to be present'],
    ],
  ],
  [
    'empty package version and bad file hash',
    {
      ...base,
      packages: [{ registryType: 'npm', identifier: 'x', version: '', fileSha256: 'ABC', transport: stdio }],
    },
    [
      ['packages[0].fileSha256', 'expected string to match pattern ^[a-f0-9]{64}$'],
      ['packages[0].version', 'expected length >= 1'],
    ],
  ],
  [
    'argument without type, key-value without name',
    {
      ...base,
      packages: [
        {
          registryType: 'npm',
          identifier: 'x',
          transport: { type: 'stdio', headers: [{}] },
          packageArguments: [{ value: 'v' }],
        },
      ],
    },
    [
      ['packages[0].packageArguments[0]', 'expected required property type to be present'],
      ['packages[0].transport.headers[0]', 'expected required property name to be present'],
    ],
  ],
  [
    'boolean fields',
    {
      ...base,
      remotes: [{ type: 'sse', url: 'https://x.example', variables: { a: { isRequired: 'yes' } } }],
    },
    [['remotes[0].variables.a.isRequired', 'expected boolean']],
  ],
  [
    'icon rules',
    {
      ...base,
      icons: [
        {
          src: `https://example.com/${'a'.repeat(240)}`,
          mimeType: 'image/gif',
          sizes: ['big'],
          theme: 'blue',
        },
      ],
    },
    [
      [
        'icons[0].mimeType',
        'expected value to be one of "image/png, image/jpeg, image/jpg, image/svg+xml, image/webp"',
      ],
      ['icons[0].sizes[0]', 'expected string to match pattern ^(\\d+x\\d+|any)$'],
      ['icons[0].src', 'expected length <= 255'],
      ['icons[0].theme', 'expected value to be one of "light, dark"'],
    ],
  ],
  ['arrays may be null', { ...base, packages: null, remotes: null }, []],
  ['packages not an array', { ...base, packages: {} }, [['packages', 'expected array']]],
];

describe('checkRequestShape(SERVER_JSON_SHAPE)', () => {
  for (const [name, doc, expected] of TABLE) {
    it(name, () => {
      const issues = checkRequestShape(SERVER_JSON_SHAPE, doc);
      assert.deepEqual(
        issues.map((i) => [i.path, i.message]),
        expected,
      );
      for (const issue of issues) {
        assert.equal(issue.type, 'schema');
        assert.equal(issue.severity, 'error');
        assert.match(issue.reference, /^request-body:/);
      }
    });
  }
});

describe('humaLocation', () => {
  it('prefixes body', () => {
    assert.equal(humaLocation(''), 'body');
    assert.equal(humaLocation('packages[0].transport'), 'body.packages[0].transport');
  });
});
