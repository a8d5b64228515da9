import { Logger } from '@nestjs/common';
import {
  EventStore,
  FeedBatch,
  FeedCheckpoint,
  ReadModel,
  ReadModelProjection,
  ServerListQuery,
  ServerPage,
  ServerSearchQuery,
} from '@registry/application/ports';
import { MongoReadModel } from './mongo-read-model';
import { MongoReadModelSets, ReadModelSwitched } from './read-model-sets';

interface ActiveSet {
  generation: number;
  model: MongoReadModel;
}

/** How often a process re-reads read_model_pointer. */
const FOLLOW_INTERVAL_MS = 1_000;
const SWITCH_RETRIES = 3;

/**
 * The read model a process serves and projects into: the set `read_model_pointer` names.
 *
 * Reads follow a switch by polling the pointer (`watch`, every second), not a change stream: one
 * indexed read a second costs nothing, needs no change-stream privileges, and has no resume token
 * to lose. A second of lag is harmless, since both sets are complete: until it notices, a process
 * serves the old set, which only misses what was published in that second.
 *
 * Writes cannot lag: every `apply` takes the pointer's fence (MongoReadModelSets.fenceFor) and, if
 * reads moved on, follows at once and applies to the new set instead.
 */
export class LiveMongoReadModel implements ReadModel, ReadModelProjection {
  private readonly logger = new Logger('LiveMongoReadModel');
  private timer: NodeJS.Timeout | undefined;
  private refreshing = false;

  private constructor(
    private readonly sets: MongoReadModelSets,
    private active: ActiveSet,
  ) {}

  static async open(sets: MongoReadModelSets): Promise<LiveMongoReadModel> {
    const generation = (await sets.pointer()).current;
    return new LiveMongoReadModel(sets, { generation, model: await sets.model(generation) });
  }

  get collectionSet(): string {
    return this.active.model.collectionSet;
  }

  /** Follows switches made by another process (the CLI's replay). */
  watch(intervalMs = FOLLOW_INTERVAL_MS): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      if (this.refreshing) return;
      this.refreshing = true;
      this.refresh()
        .catch((error: unknown) => this.logger.warn(`cannot read read_model_pointer: ${String(error)}`))
        .finally(() => (this.refreshing = false));
    }, intervalMs);
    this.timer.unref();
  }

  /** Re-reads the pointer now and switches if it moved. */
  async refresh(): Promise<void> {
    const current = (await this.sets.pointer()).current;
    if (current !== this.active.generation) await this.follow(current);
  }

  /** Rebuilds into a new set (see MongoReadModelSets.rebuild) and switches this instance at once. */
  async rebuild(
    store: EventStore,
    onProgress?: (position: number, head: number) => void,
  ): Promise<{ events: number }> {
    const result = await this.sets.rebuild(store, onProgress);
    await this.refresh();
    return { events: result.events };
  }

  private async follow(generation: number): Promise<void> {
    const model = await this.sets.model(generation);
    if (this.active.generation === generation) return;
    this.active = { generation, model };
    this.logger.log(`reads switched to ${model.collectionSet}`);
  }

  async apply(batch: FeedBatch): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { generation, model } = this.active;
      try {
        await model.applyFenced(batch, this.sets.fenceFor(generation));
        return;
      } catch (error: unknown) {
        if (!(error instanceof ReadModelSwitched) || attempt >= SWITCH_RETRIES) throw error;
        await this.follow(error.current);
      }
    }
  }

  checkpoint(): Promise<FeedCheckpoint> {
    return this.active.model.checkpoint();
  }
  streamVersion(streamId: string): Promise<number> {
    return this.active.model.streamVersion(streamId);
  }
  listServers(query: ServerListQuery): Promise<ServerPage> {
    return this.active.model.listServers(query);
  }
  searchServers(query: ServerSearchQuery): Promise<ServerPage> {
    return this.active.model.searchServers(query);
  }
  getVersion(name: string, version: string, includeDeleted: boolean): Promise<string | undefined> {
    return this.active.model.getVersion(name, version, includeDeleted);
  }
  listVersions(name: string, includeDeleted: boolean): Promise<string[]> {
    return this.active.model.listVersions(name, includeDeleted);
  }
  getByServerId(serverId: string, includeDeleted: boolean): Promise<string | undefined> {
    return this.active.model.getByServerId(serverId, includeDeleted);
  }
  renamedTo(name: string): Promise<string | undefined> {
    return this.active.model.renamedTo(name);
  }

  /** Stops following; the client belongs to whoever opened the sets. */
  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
