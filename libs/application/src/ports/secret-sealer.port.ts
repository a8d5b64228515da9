import type { SealedSecret } from '@registry/domain/subscription/subscription-events';

/**
 * Seals webhook signing secrets before they enter the event log, and opens them to sign. Every
 * process of a fleet derives the same key from the shared registry key, so any worker can sign.
 */
export interface SecretSealer {
  /** A new Standard Webhooks secret: `whsec_` and base64 of 32 random bytes. */
  newSecret(): string;
  seal(secret: string): SealedSecret;
  /** Throws when the sealed text was not sealed with this key (or was altered). */
  open(sealed: SealedSecret): string;
}

export const SECRET_SEALER = Symbol('SecretSealer');
