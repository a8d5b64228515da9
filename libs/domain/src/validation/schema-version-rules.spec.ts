import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSchemaVersion, schemaVersionOf } from './schema-version-rules';

const url = (version: string) =>
  `https://static.modelcontextprotocol.io/schemas/${version}/server.schema.json`;
const warning = (version: string) =>
  `schema version ${version} is not the current version (2025-12-11). Consider updating to the latest schema version`;
const missing = (version: string) =>
  `schema version ${version} not available: schema version ${version} not found in embedded schemas: open schemas/${version}.json: file does not exist`;

// [schema URL, expected [severity, type, reference, message]] — validation_detailed_test.go, validators_test.go.
const TABLE: [string, [string, string, string, string][]][] = [
  [url('2025-12-11'), []],
  ['', [['error', 'semantic', 'schema-field-required', '$schema field is required']]],
  [url('2025-07-09'), [['warning', 'semantic', 'schema-version-deprecated', warning('2025-07-09')]]],
  [url('2025-10-17'), [['warning', 'semantic', 'schema-version-deprecated', warning('2025-10-17')]]],
  [
    `${url('2025-10-17')}#/definitions/ServerDetail`,
    [['warning', 'semantic', 'schema-version-deprecated', warning('2025-10-17')]],
  ],
  [
    'https://example.com/schemas/2025-12-11/server.schema.json',
    [['warning', 'semantic', 'schema-version-deprecated', warning('2025-12-11')]],
  ],
  [
    url('2025-01-27'),
    [
      ['warning', 'semantic', 'schema-version-deprecated', warning('2025-01-27')],
      ['error', 'schema', 'schema-version-not-available', missing('2025-01-27')],
    ],
  ],
  [
    url('draft'),
    [
      ['warning', 'semantic', 'schema-version-deprecated', warning('draft')],
      ['error', 'schema', 'schema-version-not-available', missing('draft')],
    ],
  ],
  [
    'https://example.com/server.json',
    [
      [
        'error',
        'schema',
        'schema-version-extraction-error',
        'failed to extract schema version from URL: invalid schema URL format: https://example.com/server.json',
      ],
    ],
  ],
];

describe('checkSchemaVersion', () => {
  for (const [schemaUrl, expected] of TABLE) {
    it(JSON.stringify(schemaUrl), () => {
      const issues = checkSchemaVersion(schemaUrl);
      assert.deepEqual(
        issues.map((i) => [i.severity, i.type, i.reference, i.message]),
        expected,
      );
      assert.ok(issues.every((i) => i.path === 'schema'));
    });
  }
});

describe('schemaVersionOf', () => {
  it('finds the version anywhere in the URL', () => {
    assert.equal(schemaVersionOf(url('2025-09-29')), '2025-09-29');
    assert.equal(schemaVersionOf('x/schemas/v1~beta.2/server.schema.json?y'), 'v1~beta.2');
    assert.equal(schemaVersionOf('https://example.com/schema.json'), undefined);
  });
});
