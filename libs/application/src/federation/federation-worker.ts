import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEnvelope } from '@registry/domain/entry';
import {
  FEED_CHANGE_TYPES,
  SUBSCRIPTION_REGISTRY_STREAM,
  FeedChangeType,
  SubscriptionRegistryState,
  SubscriptionStatusChanged,
  SubscriptionUpdated,
  VERIFICATION_EVENT_TYPE,
  matchesFilter,
} from '@registry/domain/subscription';
import { ChangeFeedReader } from '../changes';
import {
  DELIVERY_STORE,
  DeliveryStore,
  EVENT_FEED,
  EVENT_STORE,
  EventFeed,
  EventStore,
  FeedBatch,
  FeedCheckpoint,
  FeedSubscription,
  JobWorker,
  LOG_SOURCE,
  NewDelivery,
} from '../ports';
import { CLOCK, Clock } from '../system/system.ports';
import { DeliveryDispatcher, deliversTo } from './delivery-dispatcher';
import {
  FEDERATION_SETTINGS,
  FederationSettings,
  VERIFICATION_STREAM,
  deliveryIdOf,
  deliveryOfChange,
} from './federation-settings';
import { FEDERATION_MONITOR, FederationMonitor } from './federation-monitor';
import { SubscriptionRegistryRepository } from './subscription-registry-repository';

const CHANGE_TYPES = new Set<string>(FEED_CHANGE_TYPES);
const SWEEP_PAGE = 500;
const PRUNE_EVERY_MS = 3_600_000;
/** How often a checkpoint reached without deliveries is stored. */
const CHECKPOINT_EVERY_MS = 1_000;

/**
 * The federation worker: a consumer of the event feed, like the projector. For each committed server
 * change it adds one delivery per matching subscription to the delivery store, together with its
 * feed checkpoint (so a restart resumes exactly after what it has taken, and a batch handed over
 * twice adds nothing), then enqueues the deliveries the store made due. Subscription events it sees
 * start the endpoint's verification handshake, cancel a deleted subscription's deliveries, and send
 * what waited while a subscription was pending or paused once it is active.
 */
@Injectable()
export class FederationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FederationWorker');
  private feedSubscription: FeedSubscription | undefined;
  private worker: JobWorker | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  /** A checkpoint reached by batches that added no delivery, not yet stored. */
  private unsaved: FeedCheckpoint | undefined;
  private savedAt = 0;
  /** Whether this worker has read the registry since it started (the first batch always does). */
  private registryRead = false;

  constructor(
    @Inject(EVENT_FEED) private readonly feed: EventFeed,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DELIVERY_STORE) private readonly store: DeliveryStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FEDERATION_SETTINGS) private readonly settings: FederationSettings,
    @Inject(FEDERATION_MONITOR) private readonly monitor: FederationMonitor,
    private readonly subscriptions: SubscriptionRegistryRepository,
    private readonly reader: ChangeFeedReader,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = this.dispatcher.start();
    this.feedSubscription = this.feed.subscribe(
      'federation',
      () => this.startingPoint(),
      (batch) => this.take(batch),
    );
    // Deliveries scheduled before a restart (the in-process queue does not outlive the process),
    // and any job lost on the way, are enqueued again; a job still waiting makes this a no-op.
    this.timer = setInterval(() => void this.sweep(), this.settings.sweepIntervalMs);
    this.timer.unref();
    if (this.settings.retentionMs > 0) {
      this.pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
      this.pruneTimer.unref();
    }
    void this.sweep();
    this.logger.log('delivering changes to subscriptions');
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.pruneTimer !== undefined) clearInterval(this.pruneTimer);
    await this.feedSubscription?.stop();
    if (this.unsaved !== undefined) await this.saveCheckpoint([], this.unsaved);
    await this.worker?.close();
    await this.sweeping;
    await this.dispatcher.close();
  }

  /**
   * Where the feed starts: the stored checkpoint, or, for a worker that never stored one, the log
   * position before the oldest subscription's creation (the head when there is none), since a
   * subscription receives only changes committed after it. A first start beside a large log then
   * does not read it all for nothing. (A Kafka feed ignores the `log` key and uses its offsets.)
   */
  private async startingPoint(): Promise<FeedCheckpoint> {
    const stored = await this.store.checkpoint();
    if (Object.keys(stored).length > 0) return stored;
    const registry = await this.subscriptions.current();
    const created = [...registry.subscriptions.values()].map((s) => s.createdPosition);
    return { [LOG_SOURCE]: created.length > 0 ? Math.min(...created) - 1 : await this.events.headPosition() };
  }

  /** Applies one feed batch: deliveries in, checkpoint stored with them, due ones enqueued. */
  async take(batch: FeedBatch): Promise<void> {
    const own = batch.events.filter((e) => e.streamId === SUBSCRIPTION_REGISTRY_STREAM);
    // On the ordered log, every subscription event before these changes came in this batch or an
    // earlier one, and reading the registry then is enough: most batches need no read. On a
    // partitioned bus (Kafka) a change can arrive before the creation of a subscription committed
    // earlier, so the registry is read at every batch, or a stale view would skip that subscription.
    const ordered = batch.checkpoint[LOG_SOURCE] !== undefined;
    const registry =
      own.length > 0 || !ordered || !this.registryRead
        ? await this.subscriptions.current()
        : this.subscriptions.cached();
    this.registryRead = true;
    const listening = [...registry.subscriptions.values()].filter((s) => s.status !== 'disabled');
    // Rendering is most of the worker's cost: only changes some subscription's types ask for are
    // rendered (nothing at all when nobody listens); the reader still folds the batch's other events.
    const wanted = (e: EventEnvelope): boolean =>
      CHANGE_TYPES.has(e.type) &&
      listening.some(
        (s) => s.filter.types === undefined || s.filter.types.includes(e.type as FeedChangeType),
      );
    const changes = batch.events.some(wanted) ? await this.reader.render(batch.events, wanted) : [];
    const deliveries: NewDelivery[] = [];
    for (const change of changes) {
      this.dispatcher.remember(change.sequence, change.json);
      // A subscription receives the changes committed after it was; a disabled one receives none
      // (its owner resumes it and asks for a redelivery of what it missed).
      for (const subscription of listening) {
        if (subscription.createdPosition >= change.sequence) continue;
        if (!matchesFilter(subscription.filter, change)) continue;
        const id = subscription.subscriptionId;
        deliveries.push(deliveryOfChange(id, change, deliveryIdOf(id, change.eventId)));
      }
    }
    const activated: string[] = [];
    for (const event of own) {
      const verification = verificationOf(event, registry);
      if (verification !== undefined) deliveries.push(verification);
      const data = event.data as { subscriptionId: string };
      if (event.type === 'subscription.deleted') {
        await this.store.cancelSubscription(data.subscriptionId, this.clock.now());
      }
      if (
        event.type === 'subscription.status-changed' &&
        (event.data as SubscriptionStatusChanged['data']).status === 'active'
      ) {
        activated.push(data.subscriptionId);
      }
    }
    if (deliveries.length === 0 && own.length === 0 && !this.checkpointDue()) {
      // Nothing to deliver: the checkpoint waits in memory (a restart re-reads at most a second of the
      // log and adds nothing), instead of a write to the delivery store per batch.
      this.unsaved = batch.checkpoint;
    } else {
      await this.saveCheckpoint(deliveries, batch.checkpoint);
    }
    const last = batch.events.at(-1);
    if (last !== undefined) this.monitor.progressed(last.position);
    if (activated.length > 0) void this.sweep();
  }

  private checkpointDue(): boolean {
    return this.clock.now().getTime() - this.savedAt >= CHECKPOINT_EVERY_MS;
  }

  private async saveCheckpoint(
    deliveries: NewDelivery[],
    checkpoint: FeedCheckpoint | undefined,
  ): Promise<void> {
    this.unsaved = undefined;
    this.savedAt = this.clock.now().getTime();
    const due = await this.store.add(deliveries, checkpoint, this.clock.now());
    for (const record of due) await this.dispatcher.enqueue(record);
  }

  /** Deletes the finished deliveries older than the retention (MCP_REGISTRY_DELIVERY_RETENTION_DAYS). */
  async prune(): Promise<number> {
    try {
      const before = new Date(this.clock.now().getTime() - this.settings.retentionMs);
      const pruned = await this.store.prune(before);
      if (pruned > 0) this.logger.log(`pruned ${pruned} deliveries finished before ${before.toISOString()}`);
      return pruned;
    } catch (error) {
      this.logger.warn(`pruning deliveries failed: ${String(error)}`);
      return 0;
    }
  }

  /** Enqueues every scheduled delivery whose subscription delivers now (a waiting job makes it a no-op). */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce()
      .catch((error: unknown) => this.logger.warn(`sweep failed: ${String(error)}`))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const registry = await this.subscriptions.current();
    let after: string | undefined;
    for (;;) {
      const page = await this.store.scheduled(SWEEP_PAGE, after);
      for (const record of page) {
        const subscription = registry.subscriptions.get(record.subscriptionId);
        if (subscription === undefined) continue;
        // A parked delivery waits for activation; a handshake goes (a stale one is cancelled by its job).
        if (record.type !== VERIFICATION_EVENT_TYPE && !deliversTo(subscription)) continue;
        await this.dispatcher.enqueue(record);
      }
      if (page.length < SWEEP_PAGE) return;
      after = page.at(-1)!.deliveryId;
    }
  }
}

/**
 * The handshake a subscription event calls for: a new subscription, a new URL, or a return to
 * pending (resumed) must be confirmed by the endpoint before anything else is sent to it.
 */
function verificationOf(event: EventEnvelope, registry: SubscriptionRegistryState): NewDelivery | undefined {
  const data = event.data as { subscriptionId: string };
  const needs =
    event.type === 'subscription.created' ||
    (event.type === 'subscription.updated' &&
      (event.data as SubscriptionUpdated['data']).url !== undefined) ||
    (event.type === 'subscription.status-changed' &&
      (event.data as SubscriptionStatusChanged['data']).status === 'pending');
  if (!needs || !registry.subscriptions.has(data.subscriptionId)) return undefined;
  return {
    deliveryId: deliveryIdOf(data.subscriptionId, event.eventId),
    subscriptionId: data.subscriptionId,
    // The triggering event's id is the challenge: unique, and the same if the batch comes again.
    eventId: event.eventId,
    sequence: event.position,
    // A lane of its own per handshake: a new one (a new URL, a resume) must not wait behind an older
    // one still being retried; the older is cancelled when it finds the subscription no longer pending.
    streamId: `${VERIFICATION_STREAM}:${event.eventId}`,
    type: VERIFICATION_EVENT_TYPE,
    name: '',
  };
}
