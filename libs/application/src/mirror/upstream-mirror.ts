import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  MirroredVersion,
  PendingEvent,
  RegistryError,
  RegistryEventData,
  decideMirror,
  pendingEvent,
} from '@registry/domain/entry';
import { UpstreamEvent, UpstreamPosition, mirrorsName } from '@registry/domain/upstream';
import { EntryWriter } from '../entries/entry-writer';
import { SECRET_SEALER, SecretSealer, UPSTREAM_SOURCE, UpstreamSource } from '../ports';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { MIRROR_SETTINGS, MirrorSettings } from './mirror-settings';
import { UpstreamStateRepository } from './upstream-state-repository';

/**
 * Mirror mode: follows another registry through an UpstreamSource and applies what it reads through
 * the same writer as every change, keeping the upstream's identifiers, timestamps and status, so an
 * entry has one identity everywhere. Each read's position is an event of the mirror's own stream
 * (after the versions it brought are applied), so a restarted, killed or cut-off mirror resumes from
 * it; a version applied twice (a kill between the two) decides nothing the second time.
 */
@Injectable()
export class UpstreamMirror implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UpstreamMirror');
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private subscribing: 'not-yet' | 'done' = 'not-yet';
  private woken = false;
  /** Whether the mirror should be running (a start that comes while a stopped loop finishes). */
  private wanted = false;

  constructor(
    @Inject(UPSTREAM_SOURCE) private readonly source: UpstreamSource,
    @Inject(MIRROR_SETTINGS) private readonly settings: MirrorSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    private readonly writer: EntryWriter,
    private readonly state: UpstreamStateRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.leased !== true) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts following the upstream (a no-op while it already does). */
  start(): void {
    this.wanted = true;
    this.stopped = false;
    // A loop still finishing after a stop either goes on (it has not left yet) or restarts below.
    if (this.loop !== undefined) return;
    this.logger.log(`mirroring ${this.source.url}`);
    this.subscribing = 'not-yet';
    this.loop = this.run().finally(() => {
      this.loop = undefined;
      if (this.wanted) this.start();
    });
  }

  /** Stops after the read in flight (a lost lease, or shutdown); the position stays in the log. */
  async stop(): Promise<void> {
    this.wanted = false;
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  /** Whether this process is following the upstream now. */
  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Reads now instead of at the next poll (an upstream webhook said something changed). */
  wake(): void {
    // A wake that comes while a read is in flight is kept: that read may have missed the change.
    this.woken = true;
    this.wakeUp?.();
  }

  /** One read of the upstream and its application; true when the mirror has caught up. */
  async syncOnce(): Promise<boolean> {
    await this.source.open();
    await this.subscribeOnce();
    const known = await this.state.current();
    const position = this.resumeFrom(known.url, known.position);
    const batch = await this.source.next(position);
    let applied = 0;
    for (const version of batch.versions) {
      if (this.stopped) return false;
      if (!mirrorsName(this.settings.names, version.server.name)) continue;
      if (await this.apply(version)) applied += 1;
    }
    if (applied > 0 || JSON.stringify(batch.position) !== JSON.stringify(position)) {
      await this.state.append([
        this.event('upstream.synced', {
          url: this.source.url,
          position: batch.position,
          applied,
          syncedAt: this.clock.now().toISOString(),
        }),
      ]);
    }
    return batch.caughtUp;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let waitMs: number;
      this.woken = false;
      try {
        const caughtUp = await this.syncOnce();
        failures = 0;
        waitMs = caughtUp ? await this.pause() : 0;
      } catch (error) {
        failures += 1;
        waitMs = this.settings.retryMs * 2 ** Math.min(failures - 1, 4);
        await this.recordFailure(error instanceof Error ? error.message : String(error));
      }
      if (waitMs > 0 && !this.stopped && !this.woken) await this.sleep(waitMs);
    }
  }

  /** How long to wait once caught up: webhooks (when subscribed) wake the mirror before that. */
  private async pause(): Promise<number> {
    if (this.source.mode === 'poll') return this.settings.pollMs;
    const { webhook } = await this.state.current();
    return webhook?.url === this.source.url ? this.settings.feedPollWithWebhooksMs : this.settings.feedPollMs;
  }

  /**
   * Subscribes to the upstream's webhooks once per start, when this registry says where it can be
   * reached and has no subscription there yet. A refusal is logged and recorded, and the mirror goes
   * on reading the feed: webhooks only make it faster.
   */
  private async subscribeOnce(): Promise<void> {
    const endpoint = this.settings.webhookEndpoint;
    if (this.subscribing === 'done' || endpoint === undefined || this.source.mode !== 'feed') return;
    this.subscribing = 'done';
    const { webhook } = await this.state.current();
    if (webhook?.url === this.source.url && webhook.endpoint === endpoint) return;
    const answer = await this.source.subscribeWebhooks(endpoint, this.settings.upstreamToken);
    if ('refused' in answer) {
      this.logger.warn(`not subscribed to ${this.source.url}'s webhooks: ${answer.refused}`);
      await this.recordFailure(`webhook subscription refused: ${answer.refused}`);
      return;
    }
    await this.state.append([
      this.event('upstream.subscribed', {
        url: this.source.url,
        subscriptionId: answer.subscriptionId,
        endpoint,
        secret: this.sealer.seal(answer.secret),
        subscribedAt: this.clock.now().toISOString(),
      }),
    ]);
    this.logger.log(`subscribed to ${this.source.url}'s webhooks (${answer.subscriptionId})`);
  }

  /** A position stored for another upstream (or the other mode) means nothing here: start over. */
  private resumeFrom(
    url: string | undefined,
    position: UpstreamPosition | undefined,
  ): UpstreamPosition | undefined {
    if (url !== this.source.url || position?.mode !== this.source.mode) return undefined;
    return position;
  }

  private async apply(version: MirroredVersion): Promise<boolean> {
    try {
      const { result } = await this.writer.write(
        version.server.name,
        (entry) =>
          decideMirror(
            entry,
            version,
            {
              now: this.clock.now(),
              newId: () => this.ids.newId(),
              actor: { method: 'mirror', subject: this.source.url },
            },
            this.source.mode === 'feed' ? 'exact' : 'derive',
          ),
        true,
        {
          lenientRemoteClaims: true,
          ...(version.serverId !== undefined ? { streamId: version.serverId } : {}),
        },
      );
      return result.events.length > 0;
    } catch (error) {
      // One version the registry cannot hold (over the version limit, say) must not stop the mirror.
      if (!(error instanceof RegistryError)) throw error;
      this.logger.warn(`skipped ${version.server.name}@${version.server.version}: ${error.message}`);
      return false;
    }
  }

  private async recordFailure(message: string): Promise<void> {
    this.logger.warn(`reading ${this.source.url} failed: ${message}`);
    try {
      const known = await this.state.current();
      // The same error again is not news: one event per distinct failure.
      if (known.lastError?.error === message) return;
      await this.state.append([
        this.event('upstream.failed', {
          url: this.source.url,
          error: message,
          failedAt: this.clock.now().toISOString(),
        }),
      ]);
    } catch (error) {
      this.logger.warn(`recording the failure failed: ${String(error)}`);
    }
  }

  private event<T extends UpstreamEvent['type']>(type: T, data: RegistryEventData[T]): PendingEvent {
    return pendingEvent(
      {
        now: this.clock.now(),
        newId: () => this.ids.newId(),
        actor: { method: 'mirror', subject: this.source.url },
      },
      type,
      data,
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
