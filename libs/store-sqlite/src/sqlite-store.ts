import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ReadModelRebuilder } from '@registry/application/ports';
import { LiveSqliteReadModel } from './live-read-model';
import { ReadModelFiles } from './read-model-files';
import { SqliteEventFeed } from './sqlite-event-feed';
import { SqliteEventStore } from './sqlite-event-store';

export interface SqliteStoreOptions {
  dataDir: string;
  metaNamespace: string;
  /** Follow read model switches made by other processes (the serving app does; the CLI need not). */
  watchReadModel?: boolean;
  /**
   * The event store's writer thread also writes the read model: each commit projects its own events
   * (see LiveSqliteReadModel `projectIn`). The app that serves and projects does.
   */
  projectInWriter?: boolean;
}

/** The embedded store's files, opened once: the event log, its feed, and the live read model. */
export class SqliteStore implements ReadModelRebuilder {
  readonly events: SqliteEventStore;
  readonly readModel: LiveSqliteReadModel;
  readonly feed: SqliteEventFeed;

  constructor(options: SqliteStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.events = new SqliteEventStore(join(options.dataDir, 'events.db'));
    this.readModel = new LiveSqliteReadModel(new ReadModelFiles(options.dataDir), options.metaNamespace, {
      ...(options.projectInWriter === true ? { projectIn: this.events } : {}),
    });
    if (options.watchReadModel === true) this.readModel.watch();
    this.feed = new SqliteEventFeed(this.events);
  }

  rebuild(onProgress?: (position: number, head: number) => void): Promise<{ events: number }> {
    return this.readModel.rebuild(this.events, onProgress);
  }

  async dropPrevious(): Promise<string[]> {
    return this.readModel.dropPrevious();
  }

  async close(): Promise<void> {
    // The event store first: its writer thread commits what is queued, projecting it too.
    await this.events.close();
    await this.readModel.close();
  }
}
