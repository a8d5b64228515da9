import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS former_names (
  name TEXT PRIMARY KEY,
  server_id TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * What a rename does to the read model's file besides re-rendering rows: the entry's name, the rows
 * under the old name (moved, so deleted there), and the former name, which reads of it are redirected
 * from until an entry takes it again. Needs the read model's `streams` and `server_versions` tables.
 */
export class ReadModelRenames {
  private readonly q;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.q = {
      versionsOf: db.prepare<[string], { version: string }>(
        'SELECT version FROM server_versions WHERE server_id = ?',
      ),
      deleteRow: db.prepare('DELETE FROM server_versions WHERE name = ? AND version = ?'),
      setName: db.prepare('UPDATE streams SET name = ? WHERE server_id = ?'),
      remember: db.prepare('INSERT OR REPLACE INTO former_names (name, server_id) VALUES (?, ?)'),
      forget: db.prepare('DELETE FROM former_names WHERE name = ?'),
      // Not while any entry holds the name (its rows are there), whatever order forgot it in.
      renamedTo: db.prepare<[string, string], { name: string }>(
        `SELECT s.name FROM former_names f JOIN streams s ON s.server_id = f.server_id WHERE f.name = ?
           AND NOT EXISTS (SELECT 1 FROM server_versions WHERE name = ?)`,
      ),
    };
  }

  /** The versions of an entry the file holds. */
  versionsOf(serverId: string): string[] {
    return this.q.versionsOf.all(serverId).map((r) => r.version);
  }

  /** Deletes a row that moved to another name (it is written again under that one). */
  deleteRow(name: string, version: string): void {
    this.q.deleteRow.run(name, version);
  }

  /** The entry is called `name` from now on; `previousName` redirects to it, `name` no longer does. */
  renamed(serverId: string, previousName: string, name: string): void {
    this.q.setName.run(name, serverId);
    this.q.forget.run(name);
    this.q.remember.run(previousName, serverId);
  }

  /** An entry was created with `name`: reads of it are that entry's, not a redirect. */
  taken(name: string): void {
    this.q.forget.run(name);
  }

  renamedTo(name: string): string | undefined {
    return this.q.renamedTo.get(name, name)?.name;
  }
}
