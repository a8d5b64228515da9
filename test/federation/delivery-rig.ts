import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeFeedReader,
  Clock,
  DELIVERY_QUEUE,
  DeliveryDispatcher,
  DeliveryJob,
  DeliveryQueue,
  DeliveryRecord,
  EventFeed,
  FederationSettings,
  FederationWorker,
  SubscriptionCaller,
  SubscriptionCommands,
  SubscriptionDeliveries,
  SubscriptionRegistryRepository,
  deliveryIdOf,
  silentFederationMonitor,
  systemIds,
} from '@registry/application';
import { EventEnvelope, applyEvents, decidePublish } from '@registry/domain/entry';
import {
  SUBSCRIPTION_REGISTRY_STREAM,
  SubscriptionFilter,
  SubscriptionState,
  SubscriptionStatusChanged,
} from '@registry/domain/subscription';
import { SqliteDeliveryStore, SqliteEventStore } from '@registry/store-sqlite';
import { AesGcmSecretSealer, StandardWebhookSender, checkWebhookUrl } from '@registry/webhooks';
import { FakeWebhookReceiver, ReceivedWebhook } from '@test/support/fakes/webhook-receiver';
import { RecordedJob, RecordingJobQueue } from '@test/support/recording-job-queue';
import { TEST_JWT_KEY } from '@test/support/test-config';

/** Uniform draws of 0.75 put every jitter at +5 %: 5 s becomes exactly 5,250 ms. */
export /** Finished deliveries are kept this long (30 days, the default). */
const RETENTION_MS = 30 * 24 * 3_600_000;
const FIXED_RANDOM = 0.75;
export const jittered = (ms: number): number => Math.round(ms * 1.05);

const NS = 'io.github.test-registry';
const OWNER: SubscriptionCaller = { actor: { method: 'github-at', subject: 'mirror-owner' }, isAdmin: false };
const PUBLISHER = { method: 'github-at', subject: 'publisher' };

/** The feed is driven by the rig itself (`pump`), batch by batch, so nothing runs on a timer. */
const UNUSED_FEED: EventFeed = {
  subscribe: () => {
    throw new Error('the rig hands batches to the worker itself');
  },
};

export interface WebhookChange {
  type: string;
  data: { sequence: number; name: string; version?: string };
}

/**
 * The federation worker's delivery path assembled by hand from the real classes, on the real SQLite
 * event store and delivery store, the real Standard Webhooks sender and a loopback receiver. Only
 * time is the test's: an injected clock, a fixed jitter, and a job queue that records the delays it
 * is given and runs a job when the test says (`settle` runs whatever is due at the clock's time).
 */
export class DeliveryRig {
  /** Starts on a whole second of the real time: receivers check signatures' timestamps against it. */
  now = Math.floor(Date.now() / 1000) * 1000;
  readonly clock: Clock = { now: () => new Date(this.now) };
  readonly jobs = new RecordingJobQueue(() => this.now);
  readonly events: SqliteEventStore;
  readonly deliveries: SqliteDeliveryStore;
  readonly commands: SubscriptionCommands;
  readonly deliveryApi: SubscriptionDeliveries;
  readonly dispatcher: DeliveryDispatcher;
  readonly worker: FederationWorker;
  readonly repository: SubscriptionRegistryRepository;
  /** Builds subscription commands on a repository of their own, as another process of the fleet has. */
  readonly replicaCommands: () => SubscriptionCommands;
  private readonly entries = new Map<string, string>();
  private readonly receivers: FakeWebhookReceiver[] = [];

  private constructor(private readonly dir: string) {
    this.events = new SqliteEventStore(join(dir, 'events.db'));
    this.deliveries = new SqliteDeliveryStore(join(dir, 'federation.db'));
    const settings: FederationSettings = {
      subscriptionsPerOwner: 10,
      deliveryConcurrency: 1,
      sweepIntervalMs: 30_000,
      allowPrivateAddresses: true,
      retentionMs: RETENTION_MS,
      random: () => FIXED_RANDOM,
    };
    const sealer = new AesGcmSecretSealer(Buffer.from(TEST_JWT_KEY, 'hex'));
    const sender = new StandardWebhookSender({ allowPrivateAddresses: true, timeoutMs: 5_000 });
    const queue = new DeliveryQueue(this.jobs, this.clock);
    const reader = new ChangeFeedReader(this.events, {
      metaNamespace: NS,
      readYourWritesTimeoutMs: 1_000,
      enableRegistryValidation: false,
    });
    this.repository = new SubscriptionRegistryRepository(this.events);
    const urls = { refusal: (url: string) => checkWebhookUrl(url, true) };
    this.commands = new SubscriptionCommands(this.repository, sealer, this.clock, systemIds, settings, urls);
    this.replicaCommands = () =>
      new SubscriptionCommands(
        new SubscriptionRegistryRepository(this.events),
        sealer,
        this.clock,
        systemIds,
        settings,
        urls,
      );
    this.dispatcher = new DeliveryDispatcher(
      this.deliveries,
      this.jobs,
      queue,
      sender,
      sealer,
      this.events,
      this.clock,
      settings,
      silentFederationMonitor,
      this.repository,
      this.commands,
      reader,
    );
    this.worker = new FederationWorker(
      UNUSED_FEED,
      this.events,
      this.deliveries,
      this.clock,
      settings,
      silentFederationMonitor,
      this.repository,
      reader,
      this.dispatcher,
    );
    this.deliveryApi = new SubscriptionDeliveries(
      this.deliveries,
      this.events,
      this.clock,
      systemIds,
      this.commands,
      reader,
      queue,
    );
    this.dispatcher.start();
  }

  static open(): DeliveryRig {
    return new DeliveryRig(mkdtempSync(join(tmpdir(), 'delivery-dispatcher-')));
  }

  readonly owner = OWNER;

  advance(ms: number): void {
    this.now += ms;
  }

  async receiver(): Promise<FakeWebhookReceiver> {
    const receiver = await new FakeWebhookReceiver().start();
    this.receivers.push(receiver);
    return receiver;
  }

  /** Subscribes `receiver` and lets the handshake run: the subscription is active on return. */
  async subscribe(
    receiver: FakeWebhookReceiver,
    filter: SubscriptionFilter = {},
  ): Promise<SubscriptionState> {
    const { subscription, secret } = await this.commands.create(OWNER, { url: receiver.url, filter });
    receiver.secrets = [secret];
    await this.settle();
    const now = await this.subscription(subscription.subscriptionId);
    if (now.status !== 'active') throw new Error(`the handshake did not verify: ${JSON.stringify(now)}`);
    return now;
  }

  async subscription(id: string): Promise<SubscriptionState> {
    return this.commands.get(OWNER, id);
  }

  /** Publishes a version through the domain's own decision, appended to the real log; returns its change's sequence. */
  async publish(name: string, version: string): Promise<number> {
    let streamId = this.entries.get(name);
    if (streamId === undefined) {
      streamId = systemIds.newId();
      this.entries.set(name, streamId);
    }
    const stored = await this.events.readStream(streamId);
    const state = applyEvents(undefined, stored);
    const ctx = { now: this.clock.now(), newId: () => systemIds.newId(), actor: PUBLISHER };
    const pending = decidePublish(
      state,
      { server: { name, version, description: 'test' }, origin: 'publish' },
      ctx,
    );
    const result = await this.events.append({ streamId, expectedVersion: stored.length, events: pending });
    return result.events.find((e) => e.type === 'server.version.published')!.position;
  }

  /** Hands the worker what the log holds after its checkpoint, as the feed would; true when it took any. */
  async pump(): Promise<boolean> {
    const after = (await this.deliveries.checkpoint()).log ?? 0;
    const events = await this.events.readFrom(after, 1_000);
    if (events.length === 0) return false;
    await this.worker.take({ events, checkpoint: { log: events.at(-1)!.position } });
    // An activation starts a sweep without waiting for it; the rig waits, so what follows is settled.
    if (events.some(activation)) await this.worker.sweep();
    return true;
  }

  /** Feeds the worker and runs every job due at the clock's time, until nothing more happens. */
  async settle(): Promise<void> {
    for (let rounds = 0; rounds < 100; rounds++) {
      const took = await this.pump();
      const ran = await this.jobs.runDue(DELIVERY_QUEUE);
      if (!took && ran === 0) return;
    }
    throw new Error('the delivery path did not settle in 100 rounds');
  }

  /** The delivery of the change at `sequence` to `subscriptionId`. */
  async deliveryOf(subscriptionId: string, sequence: number): Promise<DeliveryRecord> {
    const [event] = await this.events.readFrom(sequence - 1, 1);
    const record = await this.deliveries.get(deliveryIdOf(subscriptionId, event!.eventId));
    if (record === undefined) throw new Error(`no delivery of ${sequence} to ${subscriptionId}`);
    return record;
  }

  /** Delivery jobs enqueued for one delivery, in order (each carries its delay). */
  jobsOf(deliveryId: string): Array<RecordedJob<DeliveryJob>> {
    return (this.jobs.jobs as Array<RecordedJob<DeliveryJob>>).filter(
      (j) => j.queue === DELIVERY_QUEUE && j.data.deliveryId === deliveryId,
    );
  }

  /** The subscription's status changes, as the log holds them. */
  async statusEvents(subscriptionId: string): Promise<EventEnvelope[]> {
    const events = await this.events.readStream(SUBSCRIPTION_REGISTRY_STREAM);
    return events.filter(
      (e) =>
        e.type === 'subscription.status-changed' &&
        (e.data as SubscriptionStatusChanged['data']).subscriptionId === subscriptionId,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.receivers.map((r) => r.close()));
    await this.dispatcher.close();
    await this.jobs.close();
    await this.deliveries.close();
    await this.events.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function activation(event: EventEnvelope): boolean {
  return (
    event.type === 'subscription.status-changed' &&
    (event.data as SubscriptionStatusChanged['data']).status === 'active'
  );
}

/** The server changes a receiver got (the handshakes left out), in arrival order. */
export function changesOf(
  receiver: FakeWebhookReceiver,
): Array<{ request: ReceivedWebhook; change: WebhookChange }> {
  return receiver.requests
    .map((request) => ({ request, change: request.json as WebhookChange }))
    .filter(({ change }) => change?.type !== undefined && change.type.startsWith('server.'));
}
