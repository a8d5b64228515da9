import type { Actor, EventEnvelope } from '../entry/registry-events';
import type { SealedSecret } from '../subscription/subscription-events';
import type {
  ClaimDiagnosis,
  ClaimMethod,
  ClaimStatus,
  NamespaceClaimChecked,
  NamespaceClaimCredentialsChanged,
  NamespaceClaimReleased,
  NamespaceClaimStatusChanged,
  NamespaceClaimed,
  NamespaceKeyCreated,
  NamespaceKeyRevoked,
  NamespaceKeyUsed,
} from './namespace-events';

export interface PublisherKeyState {
  keyId: string;
  name: string;
  hash: string;
  prefix: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** One namespace claim, as the event log says it is now. */
export interface ClaimState {
  claimId: string;
  owner: Actor;
  namespace: string;
  method: ClaimMethod;
  challenge: string;
  githubToken?: SealedSecret;
  status: ClaimStatus;
  reason: string;
  statusChangedAt: string;
  claimedAt: string;
  /** End of the current pending window. */
  expiresAt: string;
  graceEndsAt?: string;
  /** First proof, and the latest one. */
  verifiedAt?: string;
  lastProvenAt?: string;
  lastCheckedAt?: string;
  /** Checks since the last change of status: the backoff's exponent. */
  checksInStatus: number;
  /** The last failed check's diagnosis; cleared by a proof. */
  diagnosis?: ClaimDiagnosis;
  keys: Map<string, PublisherKeyState>;
}

/**
 * The namespace-registry aggregate. A released claim is removed (its id is never reused); its keys
 * go with it, so they stop working at once.
 */
export interface NamespaceRegistryState {
  streamVersion: number;
  claims: Map<string, ClaimState>;
  /** Key hash -> its claim and key: the exchange looks a presented key up by its hash. */
  keysByHash: Map<string, { claimId: string; keyId: string }>;
  /**
   * The namespaces released claims spoke for, by claim id: entries there may still show the claim in
   * their `_meta` until the verifier reconciles them (a crash between the release and that).
   */
  released: Map<string, Pick<ClaimState, 'claimId' | 'namespace' | 'method'> & { releasedAt: string }>;
}

export const CLAIMED_REASON = 'claimed: waiting for the proof';

export function emptyNamespaceRegistry(): NamespaceRegistryState {
  return { streamVersion: 0, claims: new Map(), keysByHash: new Map(), released: new Map() };
}

/** Applies stored events in order; returns a new state and leaves the input as it was. */
export function applyNamespaceEvents(
  state: NamespaceRegistryState | undefined,
  events: readonly EventEnvelope[],
): NamespaceRegistryState {
  if (events.length === 0) return state ?? emptyNamespaceRegistry();
  const next: NamespaceRegistryState = {
    streamVersion: state?.streamVersion ?? 0,
    claims: new Map(state?.claims),
    keysByHash: new Map(state?.keysByHash),
    released: new Map(state?.released),
  };
  for (const event of events) {
    next.streamVersion = event.streamVersion;
    applyInPlace(next, event);
  }
  return next;
}

function applyInPlace(next: NamespaceRegistryState, event: EventEnvelope): void {
  const { claims } = next;
  switch (event.type) {
    case 'namespace.claimed': {
      const d = event.data as NamespaceClaimed['data'];
      if (claims.has(d.claimId)) throw corrupt(event, `claim ${d.claimId} exists`);
      claims.set(d.claimId, {
        claimId: d.claimId,
        owner: d.owner,
        namespace: d.namespace,
        method: d.method,
        challenge: d.challenge,
        ...(d.githubToken !== undefined ? { githubToken: d.githubToken } : {}),
        status: 'pending',
        reason: CLAIMED_REASON,
        statusChangedAt: d.claimedAt,
        claimedAt: d.claimedAt,
        expiresAt: d.expiresAt,
        checksInStatus: 0,
        keys: new Map(),
      });
      return;
    }
    case 'namespace.claim-checked': {
      const d = event.data as NamespaceClaimChecked['data'];
      const { diagnosis: _previous, ...claim } = requireClaim(claims, d.claimId, event);
      claims.set(d.claimId, {
        ...claim,
        lastCheckedAt: d.checkedAt,
        checksInStatus: claim.checksInStatus + 1,
        ...(d.outcome === 'proven' ? { lastProvenAt: d.checkedAt } : {}),
        ...(d.diagnosis !== undefined ? { diagnosis: d.diagnosis } : {}),
      });
      return;
    }
    case 'namespace.claim-status-changed': {
      const d = event.data as NamespaceClaimStatusChanged['data'];
      const { graceEndsAt: _grace, ...claim } = requireClaim(claims, d.claimId, event);
      claims.set(d.claimId, {
        ...claim,
        status: d.status,
        reason: d.reason,
        statusChangedAt: d.changedAt,
        checksInStatus: 0,
        ...(d.status === 'verified' && claim.verifiedAt === undefined ? { verifiedAt: d.changedAt } : {}),
        ...(d.graceEndsAt !== undefined ? { graceEndsAt: d.graceEndsAt } : {}),
        ...(d.expiresAt !== undefined ? { expiresAt: d.expiresAt } : {}),
      });
      return;
    }
    case 'namespace.claim-credentials-changed': {
      const d = event.data as NamespaceClaimCredentialsChanged['data'];
      claims.set(d.claimId, { ...requireClaim(claims, d.claimId, event), githubToken: d.githubToken });
      return;
    }
    case 'namespace.claim-released': {
      const d = event.data as NamespaceClaimReleased['data'];
      const claim = requireClaim(claims, d.claimId, event);
      for (const key of claim.keys.values()) next.keysByHash.delete(key.hash);
      claims.delete(d.claimId);
      next.released.set(d.claimId, {
        claimId: d.claimId,
        namespace: claim.namespace,
        method: claim.method,
        releasedAt: event.occurredAt,
      });
      return;
    }
    case 'namespace.key-created': {
      const d = event.data as NamespaceKeyCreated['data'];
      const claim = requireClaim(claims, d.claimId, event);
      const keys = new Map(claim.keys);
      keys.set(d.keyId, {
        keyId: d.keyId,
        name: d.name,
        hash: d.hash,
        prefix: d.prefix,
        createdAt: d.createdAt,
      });
      claims.set(d.claimId, { ...claim, keys });
      next.keysByHash.set(d.hash, { claimId: d.claimId, keyId: d.keyId });
      return;
    }
    case 'namespace.key-revoked':
    case 'namespace.key-used': {
      const d = event.data as NamespaceKeyRevoked['data'] | NamespaceKeyUsed['data'];
      const claim = requireClaim(claims, d.claimId, event);
      const key = claim.keys.get(d.keyId);
      if (key === undefined) throw corrupt(event, `key ${d.keyId} of claim ${d.claimId} does not exist`);
      const keys = new Map(claim.keys);
      if ('revokedAt' in d) {
        keys.set(d.keyId, { ...key, revokedAt: d.revokedAt });
        next.keysByHash.delete(key.hash);
      } else {
        keys.set(d.keyId, { ...key, lastUsedAt: d.usedAt });
      }
      claims.set(d.claimId, { ...claim, keys });
      return;
    }
    default:
      throw corrupt(event, `unexpected event type ${event.type}`);
  }
}

function requireClaim(claims: Map<string, ClaimState>, claimId: string, event: EventEnvelope): ClaimState {
  const claim = claims.get(claimId);
  if (claim === undefined) throw corrupt(event, `claim ${claimId} does not exist`);
  return claim;
}

function corrupt(event: EventEnvelope, why: string): Error {
  return new Error(`namespace registry event ${event.eventId} (#${event.streamVersion}): ${why}`);
}
