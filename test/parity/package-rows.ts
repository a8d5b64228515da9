import assert from 'node:assert/strict';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';
import { ParityRow } from './parity-row';

const FOREIGN_BASE = 'https://registry.example.invalid';

/** Publishes one package to a registry that checks packages, and returns the 400's reason. */
async function refusalOf(
  registry: RegistryUnderTest,
  token: string,
  pkg: Record<string, unknown>,
): Promise<string> {
  const res = await registry.request('POST', '/v0/publish', {
    token,
    body: serverJson('io.github.parity/packaged', '1.0.0', {
      packages: [{ transport: { type: 'stdio' }, registryBaseUrl: FOREIGN_BASE, ...pkg }],
    }),
  });
  assert.equal(res.status, 400, res.text);
  const body = res.json as { detail: string; errors: Array<{ message: string }> };
  assert.equal(body.detail, 'Failed to publish server');
  return body.errors[0]!.message;
}

export const PACKAGE_ROWS: ParityRow[] = [
  {
    id: 'package-types-cargo-and-go',
    async pin() {
      // The suite's registry runs without registry validation (as every test registry does); the
      // package types only matter with it on, the official default.
      const registry = await RegistryUnderTest.start({ MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'true' });
      try {
        const token = await registry.token(['io.github.parity/*']);
        // A foreign base URL is refused before any request, so no package registry is asked.
        assert.equal(
          await refusalOf(registry, token, {
            registryType: 'cargo',
            identifier: 'parity-crate',
            version: '1.0.0',
          }),
          `registry validation failed for package 0 (parity-crate): registry type and base URL do not match: '${FOREIGN_BASE}' is not valid for registry type 'cargo'. Expected: https://crates.io`,
        );
        assert.equal(
          await refusalOf(registry, token, {
            registryType: 'go',
            identifier: 'github.com/parity/server',
            version: 'v1.0.0',
          }),
          `registry validation failed for package 0 (github.com/parity/server): registry type and base URL do not match: '${FOREIGN_BASE}' is not valid for registry type 'go'. Expected: https://proxy.golang.org`,
        );
        // A type neither registry knows keeps the official text.
        assert.equal(
          await refusalOf(registry, token, {
            registryType: 'maven',
            identifier: 'org.parity:server',
            version: '1.0.0',
          }),
          'registry validation failed for package 0 (org.parity:server): unsupported registry type: maven',
        );
      } finally {
        await registry.close();
      }
    },
  },
];
