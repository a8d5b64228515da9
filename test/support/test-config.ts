import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryConfig, loadConfig } from '@registry/config';

/** A fixed Ed25519 seed for tests, so they can mint registry tokens the app accepts. */
export const TEST_JWT_KEY = '1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100';

/** A configuration on a fresh temporary data directory, as the app would build it from `env`. */
export function testConfig(env: Record<string, string> = {}): { config: RegistryConfig; cleanup(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-test-'));
  const config = loadConfig({
    MCP_REGISTRY_DATA_DIR: dataDir,
    MCP_REGISTRY_SERVER_ADDRESS: '127.0.0.1:0',
    MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY,
    MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
    MCP_REGISTRY_META_NAMESPACE: 'io.github.test-registry',
    ...env,
  });
  return { config, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}
