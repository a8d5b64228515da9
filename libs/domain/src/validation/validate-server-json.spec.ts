import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateServerJson } from './validate-server-json';

describe('validateServerJson', () => {
  it('collects every error of every stage (validation_detailed_test.go CollectsAllErrors)', () => {
    const issues = validateServerJson({
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
    });
    assert.deepEqual(
      issues.map((i) => [i.type, i.path, i.reference]),
      [
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
        ['semantic', 'packages[0]', 'package-registry:oci'],
      ],
    );
  });

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

  it('reports only the shape of something that is not an object', () => {
    assert.deepEqual(
      validateServerJson('name').map((i) => i.message),
      ['expected object'],
    );
  });
});
