import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
/** Canonical padded base64, as our secrets are made (`whsec_` + base64 of 32 random bytes). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The `webhook-signature` header of Standard Webhooks v1: one `v1,<base64 HMAC-SHA256>` of
 * `${id}.${seconds}.${body}` per secret, space-separated, in the order given (newest first during a
 * rotation, so a receiver holding either secret verifies). Byte for byte what the `standardwebhooks`
 * package's `Webhook.sign` gives for each secret (the spec checks it on random input), computed with
 * node:crypto's native HMAC: the package's pure-JavaScript SHA-256 took 5-10× the CPU on 1-10 KB
 * bodies (bench/signing.ts, docs/federation.md). Throws for no secret or a malformed one: a caller's
 * bug, never the endpoint's.
 */
export function webhookSignature(
  id: string,
  timestamp: Date,
  body: string,
  secrets: readonly string[],
): string {
  if (secrets.length === 0) throw new Error(`webhook ${id} has no signing secret`);
  // The library floors too: a timestamp with milliseconds signs the header's whole seconds.
  const signed = `${id}.${Math.floor(timestamp.getTime() / 1000)}.`;
  return secrets
    .map((secret) => {
      // Two updates, like the library's two encodings: each string is UTF-8 encoded on its own
      // (a lone surrogate becomes U+FFFD), then the bytes are hashed one after the other.
      const mac = createHmac('sha256', signingKey(secret)).update(signed, 'utf8').update(body, 'utf8');
      return `v1,${mac.digest('base64')}`;
    })
    .join(' ');
}

/**
 * The key bytes of a `whsec_` secret. Node's base64 decoder skips what it does not understand, where
 * the library throws; only canonical base64 is accepted, so a damaged secret fails loudly instead of
 * signing with a key that no receiver holds.
 */
function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded.length === 0 || !BASE64.test(encoded)) {
    throw new Error('a webhook secret must be "whsec_" and non-empty padded base64');
  }
  return Buffer.from(encoded, 'base64');
}
