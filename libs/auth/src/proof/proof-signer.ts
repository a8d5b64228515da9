import {
  KeyObject,
  createECDH,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
} from 'node:crypto';
import { ProofKeyAlgorithm } from './proof-key';

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The publisher's side of a DNS or HTTP proof, as the official publisher CLI does it: sign the
 * RFC 3339 timestamp (Ed25519 over the bytes, ECDSA P-384 over their SHA-384, sent as R || S) and
 * publish `v=MCPv1; k=<algorithm>; p=<base64 public key>` (P-384 keys compressed).
 */
export interface ProofKeyPair {
  algorithm: ProofKeyAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateProofKeyPair(algorithm: ProofKeyAlgorithm): ProofKeyPair {
  const pair =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
  return { algorithm, ...pair };
}

/** The official CLI's private key formats: a 32-byte Ed25519 seed, or a 48-byte P-384 scalar, in hex. */
export function proofKeyPairFromHex(algorithm: ProofKeyAlgorithm, privateKeyHex: string): ProofKeyPair {
  const secret = Buffer.from(privateKeyHex, 'hex');
  if (algorithm === 'ed25519') {
    if (secret.length !== 32) throw new Error(`invalid seed length: expected 32 bytes, got ${secret.length}`);
    const privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, secret]),
      format: 'der',
      type: 'pkcs8',
    });
    return { algorithm, privateKey, publicKey: createPublicKey(privateKey) };
  }
  if (secret.length !== 48)
    throw new Error(`invalid seed length for ECDSA P-384: expected 48 bytes, got ${secret.length}`);
  const ecdh = createECDH('secp384r1');
  ecdh.setPrivateKey(secret);
  const point = ecdh.getPublicKey();
  const jwk = {
    kty: 'EC',
    crv: 'P-384',
    d: secret.toString('base64url'),
    x: point.subarray(1, 49).toString('base64url'),
    y: point.subarray(49, 97).toString('base64url'),
  };
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  return { algorithm, privateKey, publicKey: createPublicKey(privateKey) };
}

/** The raw public key as published: 32 bytes (Ed25519) or a 49-byte compressed point (P-384). */
export function publishedPublicKey(pair: Pick<ProofKeyPair, 'algorithm' | 'publicKey'>): Buffer {
  const jwk = pair.publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  if (pair.algorithm === 'ed25519') return x;
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  return Buffer.concat([Buffer.from([0x02 + (y[y.length - 1]! & 1)]), x]);
}

export function proofRecord(pair: Pick<ProofKeyPair, 'algorithm' | 'publicKey'>): string {
  return `v=MCPv1; k=${pair.algorithm}; p=${publishedPublicKey(pair).toString('base64')}`;
}

/** The timestamp format of the official CLI: RFC 3339 in UTC, whole seconds. */
export function proofTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/** Hex signature of the timestamp, the `signed_timestamp` of the login body. */
export function signProofTimestamp(
  pair: Pick<ProofKeyPair, 'algorithm' | 'privateKey'>,
  timestamp: string,
): string {
  const message = Buffer.from(timestamp, 'utf8');
  const signature =
    pair.algorithm === 'ed25519'
      ? sign(null, message, pair.privateKey)
      : sign('sha384', message, { key: pair.privateKey, dsaEncoding: 'ieee-p1363' });
  return signature.toString('hex');
}
