import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { SecretSealer } from '@registry/application/ports/secret-sealer.port';
import type { SealedSecret } from '@registry/domain/subscription/subscription-events';

const VERSION = 'v1';
/** Names the purpose, so the JWT signing seed never yields the same key bytes twice. */
const HKDF_INFO = 'mcp-registry/webhook-secret-sealing/v1';
const HKDF_SALT = 'mcp-registry';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_BYTES = 6;

/**
 * Seals webhook secrets with AES-256-GCM under a key derived (HKDF-SHA256) from the registry's
 * Ed25519 seed, which every process of a fleet shares. Sealed text is
 * `v1.<key id>.<iv>.<ciphertext+tag>` (base64url): the key id lets `open` tell "sealed under
 * another key" (a misconfigured process) from "altered", and is bound into the tag as AAD.
 */
export class AesGcmSecretSealer implements SecretSealer {
  private readonly key: Buffer;
  private readonly keyId: string;

  constructor(masterKey: Buffer) {
    if (masterKey.length < 32) {
      throw new Error(`the secret sealing master key must be at least 32 bytes, got ${masterKey.length}`);
    }
    this.key = Buffer.from(hkdfSync('sha256', masterKey, HKDF_SALT, HKDF_INFO, 32));
    // A one-way tag of the derived key: it names the key without revealing anything of it.
    this.keyId = createHmac('sha256', this.key)
      .update('key-id')
      .digest()
      .subarray(0, KEY_ID_BYTES)
      .toString('base64url');
  }

  newSecret(): string {
    return `whsec_${randomBytes(32).toString('base64')}`;
  }

  seal(secret: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(this.aad(this.keyId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return {
      sealed: [VERSION, this.keyId, iv.toString('base64url'), ciphertext.toString('base64url')].join('.'),
    };
  }

  open(sealed: SealedSecret): string {
    const parts = sealed.sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new Error(
        `cannot open sealed webhook secret: unknown format (expected ${VERSION}.<key>.<iv>.<data>)`,
      );
    }
    const [, keyId, ivText, dataText] = parts;
    if (keyId !== this.keyId) {
      throw new Error(
        `cannot open sealed webhook secret: it was sealed under another key (${keyId}, this process has ${this.keyId})`,
      );
    }
    const iv = Buffer.from(ivText, 'base64url');
    const data = Buffer.from(dataText, 'base64url');
    if (iv.length !== IV_BYTES || data.length < TAG_BYTES) {
      throw new Error('cannot open sealed webhook secret: it is truncated or altered');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(this.aad(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(data.subarray(0, data.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error('cannot open sealed webhook secret: it was altered (authentication failed)');
    }
  }

  private aad(keyId: string): Buffer {
    return Buffer.from(`${VERSION}.${keyId}`, 'utf8');
  }
}
