import { Logger } from '@nestjs/common';
import {
  FeedBatch,
  FeedCheckpoint,
  LOG_SOURCE,
  ReadModel,
  ReadModelProjection,
  ServerListQuery,
  ServerPage,
  ServerSearchQuery,
} from '@registry/application/ports';
import { ReadModelFiles } from './read-model-files';
import { CommitProjectionTarget, SqliteEventStore } from './sqlite-event-store';
import { SqliteReadModel, WrittenRow } from './sqlite-read-model';
import type { ReadModelTarget } from './threads/store-writer.worker';

const REBUILD_BATCH = 5_000;

/**
 * The read model the app serves: the SQLite file `CURRENT` names. A rebuild projects the whole log
 * into a new file beside it while reads continue on the old one, then switches in one synchronous
 * step (so no read sees a half-built index). Other processes notice the switch by polling `CURRENT`.
 */
export class LiveSqliteReadModel implements ReadModel, ReadModelProjection, CommitProjectionTarget {
  private readonly logger = new Logger('LiveSqliteReadModel');
  private active: SqliteReadModel;
  private timer: NodeJS.Timeout | undefined;
  private readonly writer: SqliteEventStore | undefined;
  /**
   * With `projectIn`: the log position the active file is known to have reached, from the commits
   * and batches this process projected into it; undefined until read from the file. A lower bound
   * (another process may project into the same file): the feed then re-delivers what it has, which
   * applying skips, and this catches up.
   */
  private knownCheckpoint: number | undefined;
  /**
   * With `projectIn`: the rows a commit wrote for one call's appends, by name and version, each
   * answered once by `getVersion` instead of a query, until this turn of the event loop ends:
   * read-your-writes reads the version it has just written, in the turn its commit's answer came.
   * A row as its commit wrote it; later (in another turn) reads go to the file.
   */
  private justWritten = new Map<string, WrittenRow>();

  /**
   * `projectIn`: the event store whose writer thread writes this read model: every commit projects
   * its own events (see SqliteEventStore.projectCommitsInto) and `apply` hands feed batches to the
   * same thread, so rendering and writing rows stay off the event loop serving requests and one
   * connection writes the file. Reads here see a batch once its commit or `apply` resolves. A
   * serving process that also projects sets it; the CLI and tests that project and read in one
   * breath need not.
   */
  constructor(
    private readonly files: ReadModelFiles,
    private readonly metaNamespace: string,
    options: { projectIn?: SqliteEventStore } = {},
  ) {
    this.active = new SqliteReadModel(files.current(), metaNamespace);
    this.writer = options.projectIn;
    this.writer?.projectCommitsInto(this);
  }

  projectionTarget(): ReadModelTarget {
    return { file: this.active.file, metaNamespace: this.metaNamespace };
  }

  projected(target: ReadModelTarget, position: number, rows: WrittenRow[] = []): void {
    if (target.file !== this.active.file) return;
    if (this.knownCheckpoint !== undefined) this.knownCheckpoint = Math.max(this.knownCheckpoint, position);
    if (rows.length === 0) return;
    const written = new Map(rows.map((row) => [versionKey(row.name, row.version), row]));
    this.justWritten = written;
    setImmediate(() => {
      if (this.justWritten === written) this.justWritten = new Map();
    });
  }

  get file(): string {
    return this.active.file;
  }

  /** Follows switches made by another process (the CLI's replay). */
  watch(intervalMs = 1_000): void {
    this.timer = setInterval(() => {
      const current = this.files.current();
      if (current !== this.active.file) this.swap(new SqliteReadModel(current, this.metaNamespace));
    }, intervalMs);
    this.timer.unref();
  }

  async rebuild(
    store: SqliteEventStore,
    onProgress?: (position: number, head: number) => void,
  ): Promise<{ events: number }> {
    const fileName = this.files.newFileName();
    const next = new SqliteReadModel(this.files.pathOf(fileName), this.metaNamespace);
    let position = 0;
    try {
      for (;;) {
        const head = store.headPositionSync();
        const batch = store.readFromSync(position, REBUILD_BATCH);
        if (batch.length === 0) break;
        position = batch.at(-1)!.position;
        next.applySync({ events: batch, checkpoint: { [LOG_SOURCE]: position } });
        onProgress?.(position, head);
        // Yield so the live registry keeps serving (and appending) while the rebuild runs.
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Catch up with what was appended meanwhile and switch, all in one synchronous step.
      for (
        let batch = store.readFromSync(position, REBUILD_BATCH);
        batch.length > 0;
        batch = store.readFromSync(position, REBUILD_BATCH)
      ) {
        position = batch.at(-1)!.position;
        next.applySync({ events: batch, checkpoint: { [LOG_SOURCE]: position } });
      }
      onProgress?.(position, position);
      const previous = this.active.file;
      this.files.switchTo(fileName);
      this.swap(next);
      // The file switched away from stays for rollback until `dropPrevious`; older ones go now.
      this.files.prune(previous);
      return { events: position };
    } catch (error) {
      next.close();
      throw error;
    }
  }

  /** Deletes every read model file but the current one. */
  dropPrevious(): string[] {
    return this.files.prune(undefined);
  }

  private swap(next: SqliteReadModel): void {
    const old = this.active;
    this.active = next;
    this.knownCheckpoint = undefined;
    this.justWritten = new Map();
    old.close();
    this.logger.log(`reads switched to ${next.file}`);
  }

  async apply(batch: FeedBatch): Promise<void> {
    if (this.writer === undefined) return this.active.apply(batch);
    const target = this.projectionTarget();
    await this.writer.projectBatch(target, JSON.stringify(batch));
    const position = batch.checkpoint[LOG_SOURCE];
    if (position !== undefined) this.projected(target, position);
  }
  async checkpoint(): Promise<FeedCheckpoint> {
    if (this.writer === undefined) return this.active.checkpoint();
    if (this.knownCheckpoint === undefined) {
      this.knownCheckpoint = (await this.active.checkpoint())[LOG_SOURCE] ?? 0;
    }
    return { [LOG_SOURCE]: this.knownCheckpoint };
  }
  streamVersion(streamId: string): Promise<number> {
    return this.active.streamVersion(streamId);
  }
  listServers(query: ServerListQuery): Promise<ServerPage> {
    return this.active.listServers(query);
  }
  searchServers(query: ServerSearchQuery): Promise<ServerPage> {
    return this.active.searchServers(query);
  }
  async getVersion(name: string, version: string, includeDeleted: boolean): Promise<string | undefined> {
    const key = versionKey(name, version);
    const written = this.justWritten.get(key);
    if (written === undefined) return this.active.getVersion(name, version, includeDeleted);
    this.justWritten.delete(key);
    return !includeDeleted && written.status === 'deleted' ? undefined : written.response;
  }
  listVersions(name: string, includeDeleted: boolean): Promise<string[]> {
    return this.active.listVersions(name, includeDeleted);
  }
  getByServerId(serverId: string, includeDeleted: boolean): Promise<string | undefined> {
    return this.active.getByServerId(serverId, includeDeleted);
  }
  renamedTo(name: string): Promise<string | undefined> {
    return this.active.renamedTo(name);
  }
  ping(): void {
    this.active.ping();
  }
  /** Closes this thread's connection; the event store `projectIn` closes its own thread. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.active.close();
  }
}

function versionKey(name: string, version: string): string {
  return `${name}\u0000${version}`;
}
