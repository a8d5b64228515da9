import { createECDH, createPrivateKey, createPublicKey, KeyObject, sign } from 'node:crypto';
import { UsageError } from '../cli-error';

/**
 * The proof of `login dns` and `login http`, as the official publisher makes it
 * (cmd/publisher/auth/common.go): the current time in RFC 3339 (seconds, UTC) signed with the domain's
 * private key, sent hex-encoded. The registry checks it against the public key published in the
 * domain's TXT record or at https://<domain>/.well-known/mcp-registry-auth.
 */
export type SigningAlgorithm = 'ed25519' | 'ecdsap384';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['ed25519', 'ecdsap384'];

export interface SignedTimestamp {
  timestamp: string;
  signedTimestampHex: string;
  /** The record the registry expects to find, e.g. `v=MCPv1; k=ed25519; p=<base64 public key>`. */
  proofRecord: string;
}

/** Go's time.RFC3339 of a UTC time: no fraction of a second. */
export function rfc3339Seconds(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

export function signTimestamp(
  privateKeyHex: string,
  algorithm: SigningAlgorithm,
  now: Date,
): SignedTimestamp {
  const hex = privateKeyHex.trim();
  if (hex === '' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new UsageError('--private-key must be hex (64 characters for ed25519, 96 for ecdsap384)');
  }
  const raw = Buffer.from(hex, 'hex');
  const timestamp = rfc3339Seconds(now);
  const message = Buffer.from(timestamp, 'utf8');
  if (algorithm === 'ed25519') {
    if (raw.length !== 32) {
      throw new UsageError(`invalid ed25519 seed length: expected 32 bytes, got ${raw.length}`);
    }
    const key = ed25519Key(raw);
    return {
      timestamp,
      signedTimestampHex: sign(null, message, key).toString('hex'),
      proofRecord: `v=MCPv1; k=ed25519; p=${publicKeyBase64(key)}`,
    };
  }
  if (raw.length !== 48) {
    throw new UsageError(`invalid ecdsap384 key length: expected 48 bytes, got ${raw.length}`);
  }
  const ecdh = createECDH('secp384r1');
  ecdh.setPrivateKey(raw);
  const point = ecdh.getPublicKey();
  const key = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-384',
      d: b64url(raw),
      x: b64url(point.subarray(1, 49)),
      y: b64url(point.subarray(49)),
    },
    format: 'jwk',
  });
  // R || S, 48 bytes each, as the official signer sends it.
  const signature = sign('sha384', message, { key, dsaEncoding: 'ieee-p1363' });
  const compressed = ecdh.getPublicKey(undefined, 'compressed').toString('base64');
  return {
    timestamp,
    signedTimestampHex: signature.toString('hex'),
    proofRecord: `v=MCPv1; k=ecdsap384; p=${compressed}`,
  };
}

function ed25519Key(seed: Buffer): KeyObject {
  // PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410): fixed prefix, then the seed.
  const prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  return createPrivateKey({ key: Buffer.concat([prefix, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyBase64(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url').toString('base64');
}

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}
