import { DecisionContext, pendingEvent } from '../entry/entry-decisions';
import { RegistryError, notFound } from '../entry/registry-errors';
import { Actor, PendingEvent } from '../entry/registry-events';
import type { SealedSecret } from '../subscription/subscription-events';
import type { ClaimSchedule } from './claim-schedule';
import type { ClaimDiagnosis, ClaimMethod, ClaimStatus, NamespaceClaimed } from './namespace-events';
import { CLAIM_REASONS, NAMESPACE_MESSAGES } from './namespace-messages';
import type { ClaimState, NamespaceRegistryState, PublisherKeyState } from './namespace-registry';

/** Labels of a reversed domain: lower-case letters, digits, inner hyphens; two labels at least. */
const NAMESPACE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const GITHUB_NAMESPACE = /^io\.github\.[a-z0-9](?:[a-z0-9-]{0,38})$/;
const KEY_NAME = /^[\x20-\x7e]{1,100}$/;

/** How often a key's use is recorded: often enough to tell a live key from a dead one, not per publish. */
export const KEY_USE_RESOLUTION_MS = 60 * 60 * 1000;

export interface ClaimLimits {
  maxClaimsPerOwner: number;
  maxKeysPerClaim: number;
}

/** A new claim as its owner asked for it: the claimed event's data but for what the decision adds. */
export type ClaimInput = Pick<
  NamespaceClaimed['data'],
  'claimId' | 'owner' | 'namespace' | 'method' | 'challenge' | 'githubToken'
>;

/** What a proof checker found, as the domain needs it. */
export type CheckResult =
  | { outcome: 'proven'; checked: string }
  /** `retryable`: the check could not tell (a timeout, SERVFAIL, a rate limit, a 5xx). */
  | { outcome: 'failed'; diagnosis: ClaimDiagnosis; retryable?: boolean };

/** Whether the caller may see and manage the claim: its owner, or an administrator. */
export function canManageClaim(claim: ClaimState, actor: Actor, isAdmin: boolean): boolean {
  return isAdmin || (claim.owner.method === actor.method && claim.owner.subject === actor.subject);
}

/** The namespace as the log keeps it (lower case), or the refusal of its shape for the method. */
export function normaliseClaimNamespace(namespace: string, method: ClaimMethod): string {
  const ns = namespace.trim().toLowerCase();
  if (!NAMESPACE.test(ns) || ns.length > 253) throw invalid(NAMESPACE_MESSAGES.invalidNamespace(namespace));
  const github = ns.startsWith('io.github.');
  if (method === 'github' && !GITHUB_NAMESPACE.test(ns))
    throw invalid(NAMESPACE_MESSAGES.githubMethodNeedsGithubNamespace(ns));
  if (method !== 'github' && github) throw invalid(NAMESPACE_MESSAGES.githubNamespaceNeedsGithub(ns));
  return ns;
}

export function decideClaim(
  registry: NamespaceRegistryState,
  input: ClaimInput,
  ctx: DecisionContext,
  limits: ClaimLimits,
  schedule: Pick<ClaimSchedule, 'pendingWindowMs'>,
): PendingEvent[] {
  const namespace = normaliseClaimNamespace(input.namespace, input.method);
  if (input.method === 'github' && input.githubToken === undefined)
    throw invalid(NAMESPACE_MESSAGES.githubTokenRequired);
  const owned = [...registry.claims.values()].filter((c) => sameActor(c.owner, input.owner));
  const existing = owned.find((c) => c.namespace === namespace && c.method === input.method);
  if (existing !== undefined) throw new RegistryError('conflict', NAMESPACE_MESSAGES.duplicate(existing));
  if (owned.length >= limits.maxClaimsPerOwner)
    throw new RegistryError('conflict', NAMESPACE_MESSAGES.tooMany(limits.maxClaimsPerOwner));
  return [
    pendingEvent(ctx, 'namespace.claimed', {
      claimId: input.claimId,
      owner: input.owner,
      namespace,
      method: input.method,
      challenge: input.challenge,
      ...(input.githubToken !== undefined ? { githubToken: input.githubToken } : {}),
      claimedAt: ctx.now.toISOString(),
      expiresAt: new Date(ctx.now.getTime() + schedule.pendingWindowMs).toISOString(),
    }),
  ];
}

/**
 * What one check means for the claim: it is recorded, and may move the claim. A proof verifies a
 * pending, failed or revoked claim and ends a grace; a failure fails a pending claim at the end of
 * its window, starts the grace of a verified one and revokes it when the grace is over.
 */
export function decideCheck(
  registry: NamespaceRegistryState,
  claimId: string,
  result: CheckResult,
  ctx: DecisionContext,
  schedule: Pick<ClaimSchedule, 'graceMs' | 'recheckIntervalMs'>,
): PendingEvent[] {
  const claim = registry.claims.get(claimId);
  if (claim === undefined) return [];
  const now = ctx.now.toISOString();
  const events: PendingEvent[] = [
    pendingEvent(ctx, 'namespace.claim-checked', {
      claimId,
      checkedAt: now,
      outcome: result.outcome,
      ...(result.outcome === 'failed' ? { diagnosis: result.diagnosis } : {}),
    }),
  ];
  const move = (status: ClaimStatus, reason: string, extra: { graceEndsAt?: string } = {}): void => {
    events.push(
      pendingEvent(ctx, 'namespace.claim-status-changed', {
        claimId,
        namespace: claim.namespace,
        status,
        reason,
        changedAt: now,
        ...extra,
      }),
    );
  };
  if (result.outcome === 'proven') {
    if (claim.status === 'pending' || claim.status === 'failed')
      move('verified', CLAIM_REASONS.proven(result.checked));
    else if (claim.status === 'grace' || claim.status === 'revoked')
      move('verified', CLAIM_REASONS.restored(result.checked));
    return events;
  }
  const why = result.diagnosis.message;
  if (claim.status === 'pending' && ctx.now.getTime() >= Date.parse(claim.expiresAt)) {
    move('failed', CLAIM_REASONS.expired(why));
  } else if (claim.status === 'verified' && !inconclusiveButRecent(claim, result, ctx, schedule)) {
    move('grace', CLAIM_REASONS.lost(why), {
      graceEndsAt: new Date(ctx.now.getTime() + schedule.graceMs).toISOString(),
    });
  } else if (claim.status === 'grace' && ctx.now.getTime() >= Date.parse(claim.graceEndsAt ?? now)) {
    move('revoked', CLAIM_REASONS.revoked(why));
  }
  return events;
}

/**
 * A check that could not tell (the name server timed out, GitHub rate-limited) does not start the
 * grace of a claim proven within the last two recheck intervals: the feed would tell every
 * sub-registry of a loss that was a hiccup. The claim is checked again within the hour; once the
 * last proof is older than that, an inconclusive check counts as a failure like any other.
 */
function inconclusiveButRecent(
  claim: ClaimState,
  result: Extract<CheckResult, { outcome: 'failed' }>,
  ctx: DecisionContext,
  schedule: Pick<ClaimSchedule, 'recheckIntervalMs'>,
): boolean {
  if (result.retryable !== true) return false;
  const proven = Date.parse(claim.lastProvenAt ?? claim.verifiedAt ?? claim.statusChangedAt);
  return ctx.now.getTime() - proven < 2 * schedule.recheckIntervalMs;
}

/** `verify` on a failed claim opens a new pending window (other statuses are checked as they are). */
export function decideReopen(
  registry: NamespaceRegistryState,
  claimId: string,
  ctx: DecisionContext,
  schedule: Pick<ClaimSchedule, 'pendingWindowMs'>,
  githubToken?: SealedSecret,
): PendingEvent[] {
  const claim = requireClaim(registry, claimId);
  const events: PendingEvent[] = [];
  if (githubToken !== undefined) {
    events.push(
      pendingEvent(ctx, 'namespace.claim-credentials-changed', {
        claimId,
        githubToken,
        changedAt: ctx.now.toISOString(),
      }),
    );
  }
  if (claim.status === 'failed') {
    events.push(
      pendingEvent(ctx, 'namespace.claim-status-changed', {
        claimId,
        namespace: claim.namespace,
        status: 'pending',
        reason: CLAIM_REASONS.reopened,
        changedAt: ctx.now.toISOString(),
        expiresAt: new Date(ctx.now.getTime() + schedule.pendingWindowMs).toISOString(),
      }),
    );
  }
  return events;
}

export function decideRelease(
  registry: NamespaceRegistryState,
  claimId: string,
  ctx: DecisionContext,
): PendingEvent[] {
  const claim = requireClaim(registry, claimId);
  return [
    pendingEvent(ctx, 'namespace.claim-released', {
      claimId,
      namespace: claim.namespace,
      releasedAt: ctx.now.toISOString(),
    }),
  ];
}

export interface NewKey {
  keyId: string;
  name: string;
  hash: string;
  prefix: string;
}

export function decideCreateKey(
  registry: NamespaceRegistryState,
  claimId: string,
  key: NewKey,
  ctx: DecisionContext,
  limits: Pick<ClaimLimits, 'maxKeysPerClaim'>,
): PendingEvent[] {
  const claim = requireClaim(registry, claimId);
  if (claim.status !== 'verified' && claim.status !== 'grace')
    throw new RegistryError('conflict', NAMESPACE_MESSAGES.keysNeedProof(claim));
  if (!KEY_NAME.test(key.name)) throw invalid(NAMESPACE_MESSAGES.invalidKeyName);
  const live = [...claim.keys.values()].filter((k) => k.revokedAt === undefined).length;
  if (live >= limits.maxKeysPerClaim)
    throw new RegistryError('conflict', NAMESPACE_MESSAGES.tooManyKeys(limits.maxKeysPerClaim));
  return [pendingEvent(ctx, 'namespace.key-created', { claimId, ...key, createdAt: ctx.now.toISOString() })];
}

export function decideRevokeKey(
  registry: NamespaceRegistryState,
  claimId: string,
  keyId: string,
  ctx: DecisionContext,
): PendingEvent[] {
  const key = requireClaim(registry, claimId).keys.get(keyId);
  if (key === undefined) throw notFound(NAMESPACE_MESSAGES.keyNotFound);
  if (key.revokedAt !== undefined) return [];
  return [pendingEvent(ctx, 'namespace.key-revoked', { claimId, keyId, revokedAt: ctx.now.toISOString() })];
}

/** Records a key's use unless one was recorded within the resolution. */
export function decideKeyUsed(
  registry: NamespaceRegistryState,
  claimId: string,
  keyId: string,
  ctx: DecisionContext,
): PendingEvent[] {
  const key = registry.claims.get(claimId)?.keys.get(keyId);
  if (key === undefined || key.revokedAt !== undefined) return [];
  if (key.lastUsedAt !== undefined && ctx.now.getTime() - Date.parse(key.lastUsedAt) < KEY_USE_RESOLUTION_MS)
    return [];
  return [pendingEvent(ctx, 'namespace.key-used', { claimId, keyId, usedAt: ctx.now.toISOString() })];
}

/** The live key with that hash and its claim, when the claim still proves its namespace. */
export function liveKey(
  registry: NamespaceRegistryState,
  hash: string,
): { claim: ClaimState; key: PublisherKeyState } | undefined {
  const ref = registry.keysByHash.get(hash);
  const claim = ref === undefined ? undefined : registry.claims.get(ref.claimId);
  const key = ref === undefined ? undefined : claim?.keys.get(ref.keyId);
  if (claim === undefined || key === undefined || key.revokedAt !== undefined) return undefined;
  return claim.status === 'verified' || claim.status === 'grace' ? { claim, key } : undefined;
}

function requireClaim(registry: NamespaceRegistryState, claimId: string): ClaimState {
  const claim = registry.claims.get(claimId);
  if (claim === undefined) throw notFound(NAMESPACE_MESSAGES.claimNotFound);
  return claim;
}

function sameActor(a: Actor, b: Actor): boolean {
  return a.method === b.method && a.subject === b.subject;
}

function invalid(message: string): RegistryError {
  return new RegistryError('invalid-input', message);
}
