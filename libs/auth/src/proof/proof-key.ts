import { ECDH, KeyObject, createPublicKey, verify } from 'node:crypto';
import { LoginError } from '../login-error';
import { decodeStdBase64 } from './go-encoding';

/** The key types a publisher may put in a `v=MCPv1; k=<algorithm>; p=<base64 key>` proof record. */
export type ProofKeyAlgorithm = 'ed25519' | 'ecdsap384';

export interface ProofPublicKey {
  algorithm: ProofKeyAlgorithm;
  /** As published: 32 raw bytes for Ed25519, a 49-byte compressed point for P-384. */
  raw: Buffer;
  key: KeyObject;
}

/** A proof failure whose message is the official registry's text, shown to the publisher. */
export class ProofError extends LoginError {
  override readonly name: string = 'ProofError';
}

/** Distinguishes "this key did not sign it" from a key or signature that cannot be checked at all. */
export class SignatureMismatch extends ProofError {}

// Go's \s is [\t\n\f\r ]; the record may sit anywhere in the TXT string or HTTP body.
export const MCP_PROOF_RECORD = /v=MCPv1;[\t\n\f\r ]*k=([^;]+);[\t\n\f\r ]*p=([A-Za-z0-9+/=]+)/;

export type ParsedProofKey =
  { key: ProofPublicKey; error?: undefined } | { key?: undefined; error: ProofError };

/** One entry per string that holds a proof record, valid or not; other strings are ignored. */
export function parseProofRecords(records: readonly string[]): ParsedProofKey[] {
  const parsed: ParsedProofKey[] = [];
  for (const record of records) {
    const match = MCP_PROOF_RECORD.exec(record);
    if (match === null) continue;
    try {
      parsed.push({ key: parseProofPublicKey(match[1]!, match[2]!) });
    } catch (error) {
      parsed.push({ error: error instanceof ProofError ? error : new ProofError(String(error)) });
    }
  }
  return parsed;
}

export function parseProofPublicKey(algorithm: string, publicKeyBase64: string): ProofPublicKey {
  let raw: Buffer;
  try {
    raw = decodeStdBase64(publicKeyBase64);
  } catch (error) {
    throw new ProofError(`failed to decode public key: ${(error as Error).message}`);
  }
  if (algorithm === 'ed25519') {
    if (raw.length !== 32) throw new ProofError('invalid Ed25519 public key size');
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    });
    return { algorithm, raw, key };
  }
  if (algorithm === 'ecdsap384') {
    if (raw.length !== 49) throw new ProofError('invalid ECDSA P-384 public key size');
    if (raw[0] !== 0x02 && raw[0] !== 0x03) {
      throw new ProofError(
        'invalid ECDSA P-384 public key format (must be compressed, with a leading 0x02 or 0x03 byte)',
      );
    }
    let point: Buffer;
    try {
      point = ECDH.convertKey(raw, 'secp384r1', undefined, undefined, 'uncompressed') as Buffer;
    } catch {
      throw new ProofError('failed to decompress ECDSA P-384 public key');
    }
    const jwk = {
      kty: 'EC',
      crv: 'P-384',
      x: point.subarray(1, 49).toString('base64url'),
      y: point.subarray(49, 97).toString('base64url'),
    };
    return { algorithm, raw, key: createPublicKey({ key: jwk, format: 'jwk' }) };
  }
  throw new ProofError(`unsupported public key algorithm: ${algorithm}`);
}

/** `<algorithm>:<first 8 base64 characters>`: lets a publisher see which published key was tried. */
export function proofKeyFingerprint(key: ProofPublicKey): string {
  return `${key.algorithm}:${key.raw.toString('base64').slice(0, 8)}`;
}

/**
 * Ed25519 signs the timestamp bytes; ECDSA P-384 signs their SHA-384 digest and is sent as
 * R || S, 48 bytes each (what the official publisher CLI and cloud KMS signers produce).
 */
export function verifyProofSignature(key: ProofPublicKey, message: Buffer, signature: Buffer): void {
  if (key.algorithm === 'ed25519') {
    if (signature.length !== 64) throw new ProofError('invalid signature size for Ed25519');
    if (!verify(null, message, key.key, signature)) {
      throw new SignatureMismatch('Ed25519: signature does not match public key');
    }
    return;
  }
  if (signature.length !== 96) throw new ProofError('invalid signature size for ECDSA P-384');
  if (!verify('sha384', message, { key: key.key, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw new SignatureMismatch('ECDSA P-384: signature does not match public key');
  }
}

/**
 * Succeeds if any published key verifies. When all fail, a structural failure (wrong size) is the more
 * useful message; when every key cleanly mismatches, the message lists their fingerprints, since the
 * usual cause is a stale record left behind after a key rotation.
 */
export function verifyWithPublishedKeys(
  keys: readonly ProofPublicKey[],
  message: Buffer,
  signature: Buffer,
): void {
  let lastError: ProofError | undefined;
  let allMismatch = true;
  for (const key of keys) {
    try {
      verifyProofSignature(key, message, signature);
      return;
    } catch (error) {
      lastError = error as ProofError;
      if (!(error instanceof SignatureMismatch)) allMismatch = false;
    }
  }
  if (!allMismatch && lastError !== undefined) throw lastError;
  const fingerprints = keys.map(proofKeyFingerprint);
  if (keys.length === 1) {
    throw new ProofError(
      `signature verification failed (tried published key ${fingerprints[0]}); ` +
        'if this is not the key you are signing with, the published record may be stale',
    );
  }
  throw new ProofError(
    `signature verification failed against all ${keys.length} published keys (tried: ${fingerprints.join(', ')}); ` +
      'if you recently rotated keys, remove any stale records from the apex domain',
  );
}
