import type { Actor } from '../entry/registry-events';
import type { SealedSecret } from '../subscription/subscription-events';

/**
 * Every namespace claim lives in ONE stream, the namespace registry, like the subscriptions: the
 * invariants span claims (one live claim per owner and namespace, the claims per owner, key hashes
 * unique across claims), and one stream makes each a single optimistic append.
 */
export const NAMESPACE_REGISTRY_STREAM = '00000000-0000-7000-8000-0000000c1a1d';

export type ClaimMethod = 'dns' | 'http' | 'github';
export const CLAIM_METHODS: readonly ClaimMethod[] = ['dns', 'http', 'github'];

/**
 * - `pending`: waiting for the proof, checked with backoff until `expiresAt`;
 * - `verified`: proven, checked again every recheck interval;
 * - `grace`: a recheck failed; publishing goes on until `graceEndsAt`, rechecked more often;
 * - `revoked`: the grace ended without a proof: publishes into the namespace are refused;
 * - `failed`: the pending window ended without a proof (`verify` opens a new one).
 */
export type ClaimStatus = 'pending' | 'verified' | 'grace' | 'revoked' | 'failed';

/** What a check found, kept with the claim so its owner sees what to fix (see the proof checkers). */
export interface ClaimDiagnosis {
  code: string;
  message: string;
  checked: string;
  expected?: string;
  seen?: string;
}

export interface NamespaceClaimed {
  type: 'namespace.claimed';
  data: {
    claimId: string;
    owner: Actor;
    namespace: string;
    method: ClaimMethod;
    /** dns and http: the value to publish; not a secret (it is published in DNS or on the web). */
    challenge: string;
    /** github: the claimant's GitHub token, sealed: rechecks need it, the log must not show it. */
    githubToken?: SealedSecret;
    claimedAt: string;
    /** End of the pending window. */
    expiresAt: string;
  };
}

/** One check of the proof: every check is recorded, so due times and the last diagnosis survive restarts. */
export interface NamespaceClaimChecked {
  type: 'namespace.claim-checked';
  data: {
    claimId: string;
    checkedAt: string;
    outcome: 'proven' | 'failed';
    diagnosis?: ClaimDiagnosis;
  };
}

/** A change of status; sub-registries receive it in the change feed. */
export interface NamespaceClaimStatusChanged {
  type: 'namespace.claim-status-changed';
  data: {
    claimId: string;
    namespace: string;
    status: ClaimStatus;
    /** A sentence an owner can act on ("the TXT record is gone: ..."). */
    reason: string;
    changedAt: string;
    /** grace: when the claim is revoked unless proven again. */
    graceEndsAt?: string;
    /** pending (a new window opened by `verify`): its end. */
    expiresAt?: string;
  };
}

/** The claimant gave a new GitHub token (with `verify`). */
export interface NamespaceClaimCredentialsChanged {
  type: 'namespace.claim-credentials-changed';
  data: { claimId: string; githubToken: SealedSecret; changedAt: string };
}

export interface NamespaceClaimReleased {
  type: 'namespace.claim-released';
  data: { claimId: string; namespace: string; releasedAt: string };
}

/** A publisher API key: only its SHA-256 is stored; the key itself is shown once. */
export interface NamespaceKeyCreated {
  type: 'namespace.key-created';
  data: {
    claimId: string;
    keyId: string;
    name: string;
    /** hex SHA-256 of the whole key. */
    hash: string;
    /** The key's first characters, so an owner can tell keys apart in a list. */
    prefix: string;
    createdAt: string;
  };
}

export interface NamespaceKeyRevoked {
  type: 'namespace.key-revoked';
  data: { claimId: string; keyId: string; revokedAt: string };
}

/** A key was exchanged for a token; recorded at most once per KEY_USE_RESOLUTION_MS per key. */
export interface NamespaceKeyUsed {
  type: 'namespace.key-used';
  data: { claimId: string; keyId: string; usedAt: string };
}

export type NamespaceEvent =
  | NamespaceClaimed
  | NamespaceClaimChecked
  | NamespaceClaimStatusChanged
  | NamespaceClaimCredentialsChanged
  | NamespaceClaimReleased
  | NamespaceKeyCreated
  | NamespaceKeyRevoked
  | NamespaceKeyUsed;

export type NamespaceEventType = NamespaceEvent['type'];

export function isNamespaceEventType(type: string): type is NamespaceEventType {
  return type.startsWith('namespace.');
}
