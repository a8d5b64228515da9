import { Inject, Injectable, Logger } from '@nestjs/common';
import { Actor, DecisionContext, RegistryError, SYSTEM_ACTOR, notFound } from '@registry/domain/entry';
import {
  CheckResult,
  ClaimMethod,
  ClaimState,
  NAMESPACE_MESSAGES,
  NamespaceRegistryState,
  PublisherKeyState,
  canManageClaim,
  decideCheck,
  decideClaim,
  decideCreateKey,
  decideKeyUsed,
  decideRelease,
  decideReopen,
  decideRevokeKey,
  liveKey,
  normaliseClaimNamespace,
} from '@registry/domain/namespace';
import type { SubscriptionCaller } from '../federation/subscription-commands';
import {
  NAMESPACE_CLAIM_POLICY,
  NAMESPACE_PROOF_CHECKER,
  NamespaceClaimPolicy,
  NamespaceProofChecker,
  SECRET_SEALER,
  SecretSealer,
} from '../ports';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { NamespaceRegistryRepository } from './namespace-registry-repository';
import { NAMESPACE_SETTINGS, NamespaceSettings } from './namespace-settings';
import { NamespaceStandings } from './namespace-standings';
import { mintPublisherKey, newChallenge, publisherKeyHash } from './publisher-keys';

/** Who asks: the token's actor, and whether it may manage every claim (edit on `*`). */
export type NamespaceCaller = SubscriptionCaller;

/** A publisher key with the key itself in clear text: answered once, on creation. */
export interface CreatedKey {
  claim: ClaimState;
  key: PublisherKeyState;
  secret: string;
}

const VERIFIER: Actor = { ...SYSTEM_ACTOR, subject: 'namespace-verifier' };

/**
 * The one way in for every change of a namespace claim: from its owner over HTTP (claim, verify,
 * keys, release) and from the verifier (each check). Every change is decided on the namespace
 * registry's current state and appended, so restarts, replicas and the change feed see the same.
 * A claim another caller owns is answered as not found: its id says nothing.
 */
@Injectable()
export class NamespaceClaims {
  private readonly logger = new Logger(NamespaceClaims.name);

  constructor(
    private readonly repository: NamespaceRegistryRepository,
    @Inject(NAMESPACE_PROOF_CHECKER) private readonly checker: NamespaceProofChecker,
    @Inject(NAMESPACE_CLAIM_POLICY) private readonly policy: NamespaceClaimPolicy,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(NAMESPACE_SETTINGS) readonly settings: NamespaceSettings,
    private readonly standings: NamespaceStandings,
  ) {}

  async claim(
    caller: NamespaceCaller,
    input: { namespace: string; method: ClaimMethod; githubToken?: string },
  ): Promise<ClaimState> {
    const namespace = normaliseClaimNamespace(input.namespace, input.method);
    const refusal = this.policy.refusal(namespace, input.method);
    if (refusal !== undefined) throw new RegistryError('invalid-input', refusal);
    const claimId = this.ids.newId();
    const githubToken = input.githubToken === undefined ? undefined : this.sealer.seal(input.githubToken);
    const { state } = await this.repository.write((registry) =>
      decideClaim(
        registry,
        {
          claimId,
          owner: caller.actor,
          namespace,
          method: input.method,
          challenge: newChallenge(),
          ...(githubToken !== undefined ? { githubToken } : {}),
        },
        this.context(caller.actor),
        this.settings.limits,
        this.settings.schedule,
      ),
    );
    return state.claims.get(claimId)!;
  }

  /** The caller's claims (every one for an admin), oldest first. */
  async list(caller: NamespaceCaller): Promise<ClaimState[]> {
    const registry = await this.repository.current();
    return [...registry.claims.values()]
      .filter((c) => canManageClaim(c, caller.actor, caller.isAdmin))
      .sort((a, b) => a.claimedAt.localeCompare(b.claimedAt));
  }

  async get(caller: NamespaceCaller, claimId: string): Promise<ClaimState> {
    return this.visible(await this.repository.current(), caller, claimId);
  }

  /**
   * Checks the proof now and records the outcome: a failed claim opens a new pending window first,
   * and a new GitHub token replaces the old one. Answers the claim as the check left it.
   */
  async verify(caller: NamespaceCaller, claimId: string, githubToken?: string): Promise<ClaimState> {
    const sealed = githubToken === undefined ? undefined : this.sealer.seal(githubToken);
    const { state } = await this.repository.write((registry) => {
      this.visible(registry, caller, claimId);
      return decideReopen(registry, claimId, this.context(caller.actor), this.settings.schedule, sealed);
    });
    const claim = state.claims.get(claimId)!;
    return (await this.check(claim, caller.actor)) ?? claim;
  }

  async release(caller: NamespaceCaller, claimId: string): Promise<void> {
    let released: ClaimState | undefined;
    await this.repository.write((registry) => {
      released = this.visible(registry, caller, claimId);
      return decideRelease(registry, claimId, this.context(caller.actor));
    });
    await this.restand(released!);
  }

  async createKey(caller: NamespaceCaller, claimId: string, name: string): Promise<CreatedKey> {
    const minted = mintPublisherKey();
    const keyId = this.ids.newId();
    const { state } = await this.repository.write((registry) => {
      this.visible(registry, caller, claimId);
      return decideCreateKey(
        registry,
        claimId,
        { keyId, name, hash: minted.hash, prefix: minted.prefix },
        this.context(caller.actor),
        this.settings.limits,
      );
    });
    const claim = state.claims.get(claimId)!;
    return { claim, key: claim.keys.get(keyId)!, secret: minted.key };
  }

  async revokeKey(caller: NamespaceCaller, claimId: string, keyId: string): Promise<PublisherKeyState> {
    const { state } = await this.repository.write((registry) => {
      this.visible(registry, caller, claimId);
      return decideRevokeKey(registry, claimId, keyId, this.context(caller.actor));
    });
    return state.claims.get(claimId)!.keys.get(keyId)!;
  }

  /**
   * The claim and key a presented publisher key stands for, when both are live; its use is recorded
   * (at most hourly). Undefined for an unknown, revoked or lapsed key: the caller answers 401.
   */
  async exchange(presented: string): Promise<{ claim: ClaimState; key: PublisherKeyState } | undefined> {
    const found = liveKey(await this.repository.current(), publisherKeyHash(presented));
    if (found === undefined) return undefined;
    const { claimId } = found.claim;
    const { keyId } = found.key;
    await this.repository.write((registry) =>
      decideKeyUsed(registry, claimId, keyId, this.context(VERIFIER)),
    );
    return found;
  }

  /**
   * Runs the claim's proof check and records what it found (the verifier's job, and `verify`).
   * Undefined when the claim is gone meanwhile.
   */
  async check(claim: ClaimState, actor: Actor = VERIFIER): Promise<ClaimState | undefined> {
    const result = await this.prove(claim);
    const { state } = await this.repository.write((registry) => {
      // Another check of the claim was recorded while this one ran (two verifiers, or an owner's
      // verify beside the sweep's): that one stands, and this outcome is not recorded twice.
      const current = registry.claims.get(claim.claimId);
      if (current !== undefined && current.lastCheckedAt !== claim.lastCheckedAt) return [];
      return decideCheck(registry, claim.claimId, result, this.context(actor), this.settings.schedule);
    });
    const after = state.claims.get(claim.claimId);
    if (after !== undefined && after.status !== claim.status) await this.restand(after);
    return after;
  }

  /**
   * Brings the entries of the claim's namespace to its new standing. The claim's event is already
   * durable: a failure here is logged and left to the verifier's next sweep, not the caller's error.
   */
  private async restand(claim: ClaimState): Promise<void> {
    try {
      await this.standings.reconcile(claim);
    } catch (error) {
      this.logger.warn(`namespace ${claim.namespace}: entries not yet restated: ${(error as Error).message}`);
    }
  }

  private async prove(claim: ClaimState): Promise<CheckResult> {
    const githubToken = claim.githubToken === undefined ? undefined : this.sealer.open(claim.githubToken);
    const result = await this.checker.check({
      namespace: claim.namespace,
      method: claim.method,
      token: claim.challenge,
      ...(githubToken !== undefined ? { githubToken } : {}),
    });
    return result.outcome === 'proven'
      ? { outcome: 'proven', checked: result.checked }
      : { outcome: 'failed', diagnosis: result.diagnosis, retryable: result.retryable };
  }

  private visible(registry: NamespaceRegistryState, caller: NamespaceCaller, claimId: string): ClaimState {
    const claim = registry.claims.get(claimId);
    if (claim === undefined || !canManageClaim(claim, caller.actor, caller.isAdmin)) {
      throw notFound(NAMESPACE_MESSAGES.claimNotFound);
    }
    return claim;
  }

  private context(actor: Actor): DecisionContext {
    return { now: this.clock.now(), newId: () => this.ids.newId(), actor };
  }
}
