import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { officialRejectionOf, publishStageOf } from './publish-rejection';
import { publishIssues, validateServerJson } from './validate-server-json';

const base = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'com.example/test-server',
  description: 'A test server',
  version: '1.0.0',
};
const KEY = 'io.modelcontextprotocol.registry/publisher-provided';

describe('officialRejectionOf (publish_test.go and publish.go)', () => {
  it('accepts a valid document', () => {
    assert.equal(officialRejectionOf(validateServerJson(base)), undefined);
  });

  it('answers a name with two slashes as huma does (422 validation failed)', () => {
    assert.deepEqual(officialRejectionOf(validateServerJson({ ...base, name: 'com.example/server/path' })), {
      status: 422,
      title: 'Unprocessable Entity',
      detail: 'validation failed',
      errors: [
        {
          message: 'expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$',
          location: 'body.name',
        },
      ],
    });
  });

  it('answers a version range with the fixed validator detail', () => {
    const issues = validateServerJson({ ...base, version: '^1.0.0' });
    assert.deepEqual(officialRejectionOf(issues), {
      status: 422,
      title: 'Unprocessable Entity',
      detail: 'Failed to publish server, invalid schema: call /validate for details',
    });
    assert.equal(
      officialRejectionOf(issues, 'edit')?.detail,
      'Failed to edit server, invalid schema: call /validate for details',
    );
  });

  it('answers a service-stage failure with 400 and only the first failure', () => {
    const issues = publishIssues({
      ...base,
      packages: [
        { registryType: 'gem', identifier: 'x', transport: { type: 'stdio' } },
        { registryType: 'maven', identifier: 'y', transport: { type: 'stdio' } },
      ],
    });
    assert.deepEqual(officialRejectionOf(issues), {
      status: 400,
      title: 'Bad Request',
      detail: 'Failed to publish server',
      errors: [{ message: 'registry validation failed for package 0 (x): unsupported registry type: gem' }],
    });
  });

  it('checks the _meta size at publish but not at edit', () => {
    const issues = publishIssues({ ...base, _meta: { [KEY]: { k: 'v'.repeat(5000) } } });
    assert.equal(officialRejectionOf(issues)?.status, 400);
    assert.equal(officialRejectionOf(issues, 'edit'), undefined);
  });

  it('puts the _meta size before the package-registry rules, as ValidatePublishRequest does', () => {
    const issues = publishIssues({
      ...base,
      _meta: { [KEY]: { k: 'v'.repeat(5000) } },
      packages: [{ registryType: 'npm', identifier: 'x', transport: { type: 'stdio' } }],
    });
    assert.match(officialRejectionOf(issues)?.errors?.[0]?.message ?? '', /exceeds 4KB limit/);
  });

  it('ignores warnings', () => {
    const issues = validateServerJson({
      ...base,
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-07-09/server.schema.json',
    });
    assert.equal(issues.length, 1);
    assert.equal(officialRejectionOf(issues), undefined);
  });
});

describe('publishStageOf', () => {
  it('reads the stage from the reference', () => {
    const issue = { type: 'semantic' as const, path: '', message: '', severity: 'error' as const };
    assert.equal(publishStageOf({ ...issue, reference: 'request-body:pattern' }), 'request');
    assert.equal(publishStageOf({ ...issue, reference: 'invalid-server-name' }), 'validator');
    assert.equal(publishStageOf({ ...issue, reference: 'schema-version-not-available' }), 'validator');
    assert.equal(publishStageOf({ ...issue, reference: 'package-registry:oci' }), 'service');
    assert.equal(publishStageOf({ ...issue, reference: 'publisher-extension-size' }), 'service');
  });
});
