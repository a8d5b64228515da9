import { Inject, Injectable } from '@nestjs/common';
import {
  SubscriptionState,
  VERIFICATION_EVENT_TYPE,
  decideAfterAttempt,
  secretsForSigning,
} from '@registry/domain/subscription';
import { ChangeFeedReader } from '../changes';
import {
  AttemptResult,
  DELIVERY_STORE,
  DeliveryAttempt,
  DeliveryNext,
  DeliveryRecord,
  DeliveryStore,
  EVENT_STORE,
  EventStore,
  JOB_QUEUE,
  JobQueue,
  JobWorker,
  SECRET_SEALER,
  SecretSealer,
  WEBHOOK_SENDER,
  WebhookSender,
} from '../ports';
import { CLOCK, Clock } from '../system/system.ports';
import { DELIVERY_QUEUE, FEDERATION_SETTINGS, FederationSettings } from './federation-settings';
import { FEDERATION_MONITOR, FederationMonitor } from './federation-monitor';
import { DeliveryJob, DeliveryQueue } from './delivery-queue';
import { SubscriptionCommands } from './subscription-commands';
import { SubscriptionRegistryRepository } from './subscription-registry-repository';

/** Rendered changes kept for retries and for the subscriptions sharing one change. */
const PAYLOAD_CACHE = 2_000;

/** Statuses whose deliveries go out; the others' wait, scheduled, until the subscription is active again. */
export function deliversTo(subscription: SubscriptionState): boolean {
  return subscription.status === 'active' || subscription.status === 'failing';
}

/**
 * Makes delivery attempts: the job queue carries each attempt with its delay (the retry schedule),
 * and the delivery store is the truth a job is checked against before it sends, so a stale or
 * duplicated job sends nothing. Each outcome is recorded with the attempt before the next is
 * scheduled, and moves the subscription's own state (failing, disabled, active) through its commands.
 */
@Injectable()
export class DeliveryDispatcher {
  private readonly payloads = new Map<number, string>();
  private readonly opened = new Map<string, string>();

  constructor(
    @Inject(DELIVERY_STORE) private readonly store: DeliveryStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    private readonly queue: DeliveryQueue,
    @Inject(WEBHOOK_SENDER) private readonly sender: WebhookSender,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FEDERATION_SETTINGS) private readonly settings: FederationSettings,
    @Inject(FEDERATION_MONITOR) private readonly monitor: FederationMonitor,
    private readonly subscriptions: SubscriptionRegistryRepository,
    private readonly commands: SubscriptionCommands,
    private readonly reader: ChangeFeedReader,
  ) {}

  /** Runs attempts from the queue in this process. */
  start(): JobWorker {
    return this.jobs.work<DeliveryJob>(DELIVERY_QUEUE, (job) => this.attempt(job), {
      concurrency: this.settings.deliveryConcurrency,
    });
  }

  /** Enqueues the next attempt of a scheduled delivery, delayed until it is due. */
  enqueue(record: DeliveryRecord): Promise<void> {
    return this.queue.enqueue(record);
  }

  /** Keeps a change's rendered text for the attempts that will send it. */
  remember(sequence: number, json: string): void {
    this.payloads.delete(sequence);
    this.payloads.set(sequence, json);
    if (this.payloads.size > PAYLOAD_CACHE) this.payloads.delete(this.payloads.keys().next().value!);
  }

  async attempt(job: DeliveryJob): Promise<void> {
    // Read back, not carried in the job: the delivery may have moved on under another job since this
    // one was enqueued (a retry by hand, a sweep's late enqueue), and a carried record would send again.
    const record = await this.store.get(job.deliveryId);
    if (record === undefined || record.state !== 'scheduled' || record.nextAttemptAt === null) return;
    if (record.attempts.length + 1 !== job.attempt || Date.parse(record.nextAttemptAt) !== job.dueAt) return;
    const registry = await this.subscriptions.recent();
    const subscription = registry.subscriptions.get(record.subscriptionId);
    if (subscription === undefined) {
      await this.store.cancelSubscription(record.subscriptionId, this.clock.now());
      return;
    }
    const verification = record.type === VERIFICATION_EVENT_TYPE;
    if (verification && subscription.status !== 'pending') {
      // Verified meanwhile, or paused: this handshake has nothing left to prove.
      await this.store.recordAttempt(
        record.deliveryId,
        skipped(job.attempt, this.clock.now(), `not sent: the subscription is ${subscription.status}`),
        { state: 'cancelled' },
        this.clock.now(),
      );
      return;
    }
    // Parked until the subscription is active again (a sweep or the activation enqueues it then).
    if (!verification && !deliversTo(subscription)) return;

    const now = this.clock.now();
    const body = verification ? verificationBody(record) : await this.payload(record.sequence);
    const result = await this.sender.send({
      url: subscription.url,
      id: record.eventId,
      body,
      secrets: secretsForSigning(subscription, now).map((s) => this.open(s.sealed)),
      timestamp: now,
    });
    const outcome = verification ? judgeVerification(result, record.eventId) : result;
    const decision = decideAfterAttempt(outcome.outcome, job.attempt, {
      random: this.settings.random ?? Math.random,
      ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    });
    const finished = this.clock.now();
    const next: DeliveryNext =
      decision.kind === 'delivered'
        ? { state: 'delivered' }
        : decision.kind === 'retry'
          ? {
              state: 'scheduled',
              nextAttemptAt: new Date(finished.getTime() + decision.delayMs).toISOString(),
            }
          : { state: 'dead' };
    // The subscription's consequence first: a failure between the two then re-runs this job, which
    // sends again (a receiver de-duplicates by webhook-id); the other order could record the
    // handshake as delivered and leave the subscription pending for good.
    if (verification) {
      if (decision.kind === 'delivered')
        await this.commands.markVerified(subscription.subscriptionId, subscription.url);
    } else {
      await this.commands.recordDeliveryOutcome(subscription.subscriptionId, decision);
    }
    const { record: after, released } = await this.store.recordAttempt(
      record.deliveryId,
      attemptOf(job.attempt, now, outcome),
      next,
      finished,
    );
    this.monitor.attempt(outcome.outcome, outcome.latencyMs, next.state === 'dead');
    if (after.state === 'scheduled') await this.enqueue(after);
    if (released !== undefined) await this.enqueue(released);
  }

  private async payload(sequence: number): Promise<string> {
    const known = this.payloads.get(sequence);
    if (known !== undefined) return known;
    const [event] = await this.events.readFrom(sequence - 1, 1);
    if (event === undefined || event.position !== sequence)
      throw new Error(`no event at sequence ${sequence}`);
    const [change] = await this.reader.render([event]);
    if (change === undefined) throw new Error(`the event at sequence ${sequence} is not a server change`);
    this.remember(sequence, change.json);
    return change.json;
  }

  private open(sealed: string): string {
    let secret = this.opened.get(sealed);
    if (secret === undefined) {
      secret = this.sealer.open({ sealed });
      this.opened.set(sealed, secret);
    }
    return secret;
  }

  async close(): Promise<void> {
    await this.sender.close();
  }
}

/** The handshake a new (or moved, or resumed) endpoint answers to consent to deliveries. */
function verificationBody(record: DeliveryRecord): string {
  return JSON.stringify({
    type: VERIFICATION_EVENT_TYPE,
    timestamp: record.createdAt,
    data: { subscriptionId: record.subscriptionId, challenge: record.eventId },
  });
}

/** A 2xx is not consent unless the answer echoes the challenge. */
function judgeVerification(result: AttemptResult, challenge: string): AttemptResult {
  if (result.outcome !== 'delivered') return result;
  let echoed: unknown;
  try {
    echoed = (JSON.parse(result.body ?? '') as { challenge?: unknown }).challenge;
  } catch {
    echoed = undefined;
  }
  if (echoed === challenge) return result;
  return {
    ...result,
    outcome: 'failed',
    error: `the answer did not echo the challenge: expected the body {"challenge":"${challenge}"}`,
  };
}

function attemptOf(attempt: number, at: Date, result: AttemptResult): DeliveryAttempt {
  return {
    attempt,
    at: at.toISOString(),
    outcome: result.outcome,
    latencyMs: result.latencyMs,
    ...(result.status !== undefined ? { status: result.status } : {}),
    ...(result.responseSnippet !== undefined ? { responseSnippet: result.responseSnippet } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
  };
}

function skipped(attempt: number, at: Date, error: string): DeliveryAttempt {
  return { attempt, at: at.toISOString(), outcome: 'refused', latencyMs: 0, error };
}
