import { createHash, randomBytes } from 'node:crypto';

/** Publisher keys start with this, so secret scanners (and people) recognise one in a leaked log. */
export const PUBLISHER_KEY_PREFIX = 'mcpr_';
/** 256 bits of randomness: a hash lookup is then as good as a slow password hash. */
const KEY_BYTES = 32;
/** Characters of the key kept in clear (prefix included) to tell keys apart in a list. */
const SHOWN_CHARS = 12;

export interface MintedKey {
  key: string;
  hash: string;
  prefix: string;
}

export function mintPublisherKey(): MintedKey {
  const key = `${PUBLISHER_KEY_PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
  return { key, hash: publisherKeyHash(key), prefix: key.slice(0, SHOWN_CHARS) };
}

/**
 * SHA-256, not a password hash: the key is 256 random bits, so there is nothing to brute-force, and
 * an exchange stays one hash and one map lookup (GitHub and npm store their tokens the same way).
 */
export function publisherKeyHash(key: string): string {
  return createHash('sha256').update(key.trim()).digest('hex');
}

/** A claim's challenge: 128 bits and more (here 256), base64url so it fits a TXT record and a URL. */
export function newChallenge(): string {
  return randomBytes(32).toString('base64url');
}
