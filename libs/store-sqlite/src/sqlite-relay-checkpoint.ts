import Database from 'better-sqlite3';
import { RelayCheckpointStore } from '@registry/application/ports';

/**
 * Where the outbox relay has got to, kept in the event log's own file: the embedded log is the
 * outbox, and its relay position belongs beside it.
 */
export class SqliteRelayCheckpoint implements RelayCheckpointStore {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly relay = 'kafka',
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS relay_checkpoint (relay TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID',
    );
  }

  async load(): Promise<number> {
    const row = this.db
      .prepare<[string], { position: number }>('SELECT position FROM relay_checkpoint WHERE relay = ?')
      .get(this.relay);
    return row?.position ?? 0;
  }

  async save(position: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO relay_checkpoint (relay, position) VALUES (?, ?)
         ON CONFLICT (relay) DO UPDATE SET position = max(position, excluded.position)`,
      )
      .run(this.relay, position);
  }

  close(): void {
    this.db.close();
  }
}
