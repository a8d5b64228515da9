import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryConfig } from '@registry/config';

/**
 * The Ed25519 seed that signs registry tokens: MCP_REGISTRY_JWT_PRIVATE_KEY when set (as the official
 * registry requires), otherwise one generated on first start and kept in the data directory, so that
 * `npm start` works with no configuration and tokens survive a restart.
 */
export function resolveJwtKey(config: RegistryConfig): string {
  if (config.jwtPrivateKeyHex !== undefined) return config.jwtPrivateKeyHex;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'jwt-private-key.hex');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`${file}: not a 64-hex-character Ed25519 seed`);
    return key;
  }
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
