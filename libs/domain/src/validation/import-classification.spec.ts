import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyForImport } from './import-classification';

const base = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json',
  name: 'io.github.user/server',
  description: 'A server',
  version: '1.0.0',
};

const REFUSED: [string, unknown, [string, string][]][] = [
  ['not an object', 'server.json', [['', 'expected object']]],
  ['an array', [base], [['', 'expected object']]],
  ['null', null, [['', 'expected object']]],
  [
    'no identity at all',
    {},
    [
      ['', 'expected required property name to be present'],
      ['', 'expected required property version to be present'],
      ['', 'expected required property description to be present'],
    ],
  ],
  ['empty name', { ...base, name: '' }, [['name', 'expected length >= 1']]],
  ['empty version', { ...base, version: '' }, [['version', 'expected length >= 1']]],
  ['empty description', { ...base, description: '' }, [['description', 'expected length >= 1']]],
  ['numeric version', { ...base, version: 1 }, [['version', 'expected string']]],
  [
    'name with two slashes',
    { ...base, name: 'a/b/c' },
    [['name', 'expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$']],
  ],
  [
    'name without slash',
    { ...base, name: 'server' },
    [['name', 'expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$']],
  ],
];

describe('classifyForImport refuses what is not a server.json', () => {
  for (const [name, doc, expected] of REFUSED) {
    it(name, () => {
      const { refused } = classifyForImport(doc);
      assert.deepEqual(
        refused.map((i) => [i.path, i.message]),
        expected,
      );
      assert.ok(refused.every((i) => i.severity === 'error'));
    });
  }
});

describe('classifyForImport turns every other rule into a warning', () => {
  it('keeps the messages of a refused publish', () => {
    const doc = {
      ...base,
      description: 'd'.repeat(120),
      status: 'active',
      packages: [{ registryType: 'npm', identifier: 'x', version: 'latest', transport: { type: 'stdio' } }],
    };
    const { refused, warnings } = classifyForImport(doc);
    assert.deepEqual(refused, []);
    assert.deepEqual(
      warnings.map((i) => [i.severity, i.path, i.message]),
      [
        ['warning', 'description', 'expected length <= 100'],
        ['warning', 'status', 'unexpected property'],
        [
          'warning',
          'schema',
          'schema version 2025-09-29 is not the current version (2025-12-11). Consider updating to the latest schema version',
        ],
        ['warning', 'packages[0].version', "version string 'latest' is reserved and cannot be used"],
      ],
    );
  });

  it('does not repeat a refusal as a warning', () => {
    const { refused, warnings } = classifyForImport({ ...base, name: 'a/b/c' });
    assert.equal(refused.length, 1);
    assert.ok(!warnings.some((w) => w.path === 'name' && w.message === refused[0]!.message));
  });

  it('imports a go package without an unsupported-type warning', () => {
    const goPackage = {
      registryType: 'go',
      identifier: 'github.com/user/server',
      version: 'v1.0.0',
      transport: { type: 'stdio' },
    };
    const { refused, warnings } = classifyForImport({ ...base, packages: [goPackage] });
    assert.deepEqual(refused, []);
    assert.ok(
      !warnings.some((w) => w.message.includes('unsupported registry type')),
      JSON.stringify(warnings),
    );
    // The go rules publish applies offline still warn, as for any other type.
    const elsewhere = classifyForImport({
      ...base,
      packages: [{ ...goPackage, identifier: 'github.com/someone-else/server' }],
    });
    assert.deepEqual(
      elsewhere.warnings.filter((w) => w.reference === 'package-registry:go').map((w) => w.message),
      [
        "registry validation failed for package 0 (github.com/someone-else/server): go module ownership validation failed: server 'io.github.user/server' is owned by GitHub user 'user', but module path 'github.com/someone-else/server' belongs to 'someone-else'",
      ],
    );
  });

  it('does not warn about _meta keys that are dropped rather than refused', () => {
    const { refused, warnings } = classifyForImport({
      ...base,
      _meta: { 'com.example/ext': { a: 1 }, 'io.modelcontextprotocol.registry/publisher-provided': {} },
    });
    assert.deepEqual(refused, []);
    assert.ok(!warnings.some((w) => w.path.startsWith('_meta')), JSON.stringify(warnings));
  });

  it('accepts a one-character namespace the validator refuses, as a warning', () => {
    const { refused, warnings } = classifyForImport({ ...base, name: 'a/b' });
    assert.deepEqual(refused, []);
    assert.ok(warnings.some((w) => w.reference === 'invalid-server-name'));
  });
});
