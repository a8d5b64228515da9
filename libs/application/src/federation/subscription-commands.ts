import { Inject, Injectable } from '@nestjs/common';
import { Actor, DecisionContext, PendingEvent, RegistryError, SYSTEM_ACTOR } from '@registry/domain/entry';
import {
  DeliveryDecision,
  SubscriptionFilter,
  SubscriptionPatch,
  SubscriptionRegistryState,
  SubscriptionState,
  canManage,
  decideCreateSubscription,
  decideDeleteSubscription,
  decideDeliveryOutcome,
  decideRotateSecret,
  decideUpdateSubscription,
  decideVerified,
} from '@registry/domain/subscription';
import { SECRET_SEALER, SecretSealer, WEBHOOK_URL_POLICY, WebhookUrlPolicy } from '../ports';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { FEDERATION_SETTINGS, FederationSettings } from './federation-settings';
import { SubscriptionRegistryRepository } from './subscription-registry-repository';

/** Who asks: the token's actor, and whether it may manage every subscription (edit on `*`). */
export interface SubscriptionCaller {
  actor: Actor;
  isAdmin: boolean;
}

/** A subscription with its secret in clear text: answered once, on creation or rotation. */
export interface SubscriptionWithSecret {
  subscription: SubscriptionState;
  secret: string;
}

const NOT_FOUND = 'Subscription not found';
const WORKER: Actor = { ...SYSTEM_ACTOR, subject: 'federation' };

/**
 * The one way in for every change of a subscription, from its owner (over HTTP) or from the
 * federation worker (verified, failing, disabled): each decides on the subscription registry's
 * current state and appends the events, so restarts and every replica see the same subscriptions.
 * A subscription another caller owns is answered as not found, not forbidden: its id says nothing.
 */
@Injectable()
export class SubscriptionCommands {
  constructor(
    private readonly repository: SubscriptionRegistryRepository,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(FEDERATION_SETTINGS) private readonly settings: FederationSettings,
    @Inject(WEBHOOK_URL_POLICY) private readonly urls: WebhookUrlPolicy,
  ) {}

  async create(
    caller: SubscriptionCaller,
    input: { url: string; description?: string; filter: SubscriptionFilter },
  ): Promise<SubscriptionWithSecret> {
    this.checkUrl(input.url);
    const subscriptionId = this.ids.newId();
    const secret = this.sealer.newSecret();
    const sealed = this.sealer.seal(secret);
    const { state } = await this.repository.write((registry) =>
      decideCreateSubscription(
        registry,
        {
          subscriptionId,
          owner: caller.actor,
          url: input.url,
          ...(input.description !== undefined ? { description: input.description } : {}),
          filter: input.filter,
          secret: sealed,
        },
        this.context(caller.actor),
        { maxPerOwner: this.settings.subscriptionsPerOwner },
      ),
    );
    return { subscription: state.subscriptions.get(subscriptionId)!, secret };
  }

  /** The caller's subscriptions (every one for an admin), oldest first. */
  async list(caller: SubscriptionCaller): Promise<SubscriptionState[]> {
    const registry = await this.repository.current();
    return [...registry.subscriptions.values()]
      .filter((s) => canManage(s, caller.actor, caller.isAdmin))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(caller: SubscriptionCaller, subscriptionId: string): Promise<SubscriptionState> {
    return this.visible(await this.repository.current(), caller, subscriptionId);
  }

  async update(
    caller: SubscriptionCaller,
    subscriptionId: string,
    patch: SubscriptionPatch,
  ): Promise<SubscriptionState> {
    if (patch.url !== undefined) this.checkUrl(patch.url);
    const { state } = await this.repository.write((registry) => {
      this.visible(registry, caller, subscriptionId);
      return decideUpdateSubscription(registry, subscriptionId, patch, this.context(caller.actor));
    });
    return state.subscriptions.get(subscriptionId)!;
  }

  async rotateSecret(caller: SubscriptionCaller, subscriptionId: string): Promise<SubscriptionWithSecret> {
    const secret = this.sealer.newSecret();
    const sealed = this.sealer.seal(secret);
    const { state } = await this.repository.write((registry) => {
      this.visible(registry, caller, subscriptionId);
      return decideRotateSecret(registry, subscriptionId, sealed, this.context(caller.actor));
    });
    return { subscription: state.subscriptions.get(subscriptionId)!, secret };
  }

  async delete(caller: SubscriptionCaller, subscriptionId: string): Promise<void> {
    await this.repository.write((registry) => {
      this.visible(registry, caller, subscriptionId);
      return decideDeleteSubscription(registry, subscriptionId, this.context(caller.actor));
    });
  }

  /** The endpoint echoed its challenge: pending becomes active (if the URL is still the one verified). */
  async markVerified(subscriptionId: string, verifiedUrl: string): Promise<void> {
    await this.workerWrite((registry, ctx) => decideVerified(registry, subscriptionId, ctx, verifiedUrl));
  }

  /**
   * What a delivery's fate does to its subscription (failing, disabled, active again). Decided first
   * on the recent state, so the usual outcome, nothing to change, costs no read of the log.
   */
  async recordDeliveryOutcome(subscriptionId: string, decision: DeliveryDecision): Promise<void> {
    const recent = await this.repository.recent();
    if (decideDeliveryOutcome(recent, subscriptionId, decision, this.context(WORKER)).length === 0) return;
    await this.workerWrite((registry, ctx) => decideDeliveryOutcome(registry, subscriptionId, decision, ctx));
  }

  private async workerWrite(
    decide: (registry: SubscriptionRegistryState, ctx: DecisionContext) => PendingEvent[],
  ): Promise<void> {
    await this.repository.write((registry) => decide(registry, this.context(WORKER)));
  }

  private checkUrl(url: string): void {
    const refusal = this.urls.refusal(url);
    if (refusal !== undefined) {
      throw new RegistryError('invalid-shape', 'validation failed', [
        { message: refusal, location: 'body.url', value: url },
      ]);
    }
  }

  private visible(
    registry: SubscriptionRegistryState,
    caller: SubscriptionCaller,
    subscriptionId: string,
  ): SubscriptionState {
    const subscription = registry.subscriptions.get(subscriptionId);
    if (subscription === undefined || !canManage(subscription, caller.actor, caller.isAdmin)) {
      throw new RegistryError('not-found', NOT_FOUND);
    }
    return subscription;
  }

  private context(actor: Actor): DecisionContext {
    return { now: this.clock.now(), newId: () => this.ids.newId(), actor };
  }
}
