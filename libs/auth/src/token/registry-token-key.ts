import { KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';

// PKCS#8 header of an Ed25519 private key: the 32-byte seed follows it (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface RegistryTokenKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * The registry signs its tokens with an Ed25519 key derived from a 32-byte hex seed, the format of the
 * official MCP_REGISTRY_JWT_PRIVATE_KEY, so one seed yields the same key in either registry.
 */
export function registryTokenKeyFromSeed(seedHex: string): RegistryTokenKey {
  if (!/^([0-9a-fA-F]{2})*$/.test(seedHex)) {
    throw new Error('JWT private key must be a valid hex-encoded string');
  }
  const seed = Buffer.from(seedHex, 'hex');
  if (seed.length !== 32) {
    throw new Error(`JWT private key seed must be exactly 32 bytes for Ed25519, got ${seed.length} bytes`);
  }
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}
