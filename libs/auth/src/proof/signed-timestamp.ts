import { isIP } from 'node:net';
import { DecodeError, decodeHex } from './go-encoding';
import { ProofError } from './proof-key';
import { parseRfc3339 } from './rfc3339-timestamp';

/** How far a signed timestamp may be from the registry's clock, either way, to allow for clock skew. */
export const TIMESTAMP_WINDOW_MS = 15_000;

/** The body of POST auth/dns and auth/http. */
export interface SignedTimestampProof {
  domain: string;
  /** RFC 3339, e.g. 2025-01-01T00:00:00Z; these exact bytes are what was signed. */
  timestamp: string;
  /** Hex signature of the timestamp. */
  signed_timestamp: string;
}

const DOMAIN_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;

/**
 * A domain a proof can be about: no IP literals (a proof is about names, and IPs would let a caller
 * aim the HTTP fetch at internal networks) and no single-label names such as `localhost`.
 */
export function isValidProofDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  if (isIP(domain) !== 0) return false;
  if (!domain.includes('.')) return false;
  return DOMAIN_PATTERN.test(domain);
}

const isUnder = (domain: string, suffix: string): boolean => {
  const lower = domain.toLowerCase();
  return lower === suffix || lower.endsWith(`.${suffix}`);
};

/**
 * `<org>.github.io` is served from a repository that any org member with push access controls, a much
 * lower bar than the org Owner the GitHub login requires for `io.github.<org>/*`; `<group>.gitlab.io`
 * likewise. The official registry refuses both hosts for domain proofs.
 */
function sharedPagesHostProblem(domain: string): string | undefined {
  if (isUnder(domain, 'github.io')) {
    return 'github.io domains cannot be used for DNS or HTTP authentication; use GitHub authentication to publish under io.github.*';
  }
  if (isUnder(domain, 'gitlab.io')) {
    return 'gitlab.io domains cannot be used for DNS or HTTP authentication; prove ownership of your own domain instead';
  }
  return undefined;
}

export function checkDomainAndTimestamp(domain: string, timestamp: string, now: Date): Date {
  if (!isValidProofDomain(domain)) throw new ProofError('invalid domain format');
  const pagesProblem = sharedPagesHostProblem(domain);
  if (pagesProblem !== undefined) throw new ProofError(pagesProblem);
  const parsed = parseRfc3339(timestamp);
  if (!parsed.ok) throw new ProofError(`invalid timestamp format: ${parsed.error}`);
  const skew = parsed.date.getTime() - now.getTime();
  if (skew < -TIMESTAMP_WINDOW_MS || skew > TIMESTAMP_WINDOW_MS) {
    throw new ProofError('timestamp outside valid window (±15 seconds)');
  }
  return parsed.date;
}

export function decodeSignature(signedTimestamp: string): Buffer {
  try {
    return decodeHex(signedTimestamp);
  } catch (error) {
    const why = error instanceof DecodeError ? error.message : String(error);
    throw new ProofError(`invalid signature format, must be hex: ${why}`);
  }
}
