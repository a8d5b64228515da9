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
  /** Apply projection batches on a worker thread (see LiveSqliteReadModel); the serving app does. */
  projectInThread?: boolean;
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
      applyInThread: options.projectInThread === true,
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
    await this.events.close();
    await this.readModel.close();
  }
}
