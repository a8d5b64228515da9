import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import {
  EVENT_FEED,
  EVENT_STORE,
  READ_MODEL,
  READ_MODEL_PROJECTION,
  READ_MODEL_REBUILDER,
  ReadModelRebuilder,
} from '@registry/application/ports';
import { LiveSqliteReadModel } from './live-read-model';
import { ReadModelFiles } from './read-model-files';
import { SqliteEventFeed } from './sqlite-event-feed';
import { SqliteEventStore } from './sqlite-event-store';

export interface SqliteStoreOptions {
  dataDir: string;
  metaNamespace: string;
  /** Follow read model switches made by other processes (the serving app does; the CLI need not). */
  watchReadModel?: boolean;
}

/** Opens the embedded store's files once and closes them when the app stops. */
@Injectable()
export class SqliteStore implements OnApplicationShutdown, ReadModelRebuilder {
  readonly events: SqliteEventStore;
  readonly readModel: LiveSqliteReadModel;
  readonly feed: SqliteEventFeed;

  constructor(@Inject('SQLITE_STORE_OPTIONS') options: SqliteStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.events = new SqliteEventStore(join(options.dataDir, 'events.db'));
    this.readModel = new LiveSqliteReadModel(new ReadModelFiles(options.dataDir), options.metaNamespace);
    if (options.watchReadModel === true) this.readModel.watch();
    this.feed = new SqliteEventFeed(this.events);
  }

  rebuild(onProgress?: (position: number, head: number) => void): Promise<{ events: number }> {
    return this.readModel.rebuild(this.events, onProgress);
  }

  async dropPrevious(): Promise<string[]> {
    return this.readModel.dropPrevious();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events.close();
    this.readModel.close();
  }
}

@Module({})
export class SqliteStoreModule {
  static forRoot(options: SqliteStoreOptions): DynamicModule {
    return {
      module: SqliteStoreModule,
      global: true,
      providers: [
        { provide: 'SQLITE_STORE_OPTIONS', useValue: options },
        SqliteStore,
        { provide: EVENT_STORE, useFactory: (s: SqliteStore) => s.events, inject: [SqliteStore] },
        { provide: EVENT_FEED, useFactory: (s: SqliteStore) => s.feed, inject: [SqliteStore] },
        { provide: READ_MODEL, useFactory: (s: SqliteStore) => s.readModel, inject: [SqliteStore] },
        {
          provide: READ_MODEL_PROJECTION,
          useFactory: (s: SqliteStore) => s.readModel,
          inject: [SqliteStore],
        },
        { provide: READ_MODEL_REBUILDER, useExisting: SqliteStore },
      ],
      exports: [
        SqliteStore,
        EVENT_STORE,
        EVENT_FEED,
        READ_MODEL,
        READ_MODEL_PROJECTION,
        READ_MODEL_REBUILDER,
      ],
    };
  }
}
