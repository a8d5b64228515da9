import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the embedded read model lives: `<dataDir>/read-model/`, one SQLite file per build, and a
 * `CURRENT` file naming the one reads use. Switching is a rename of `CURRENT`: atomic, and visible
 * to every process that has the data directory open.
 */
export class ReadModelFiles {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'read-model');
    mkdirSync(this.dir, { recursive: true });
  }

  /** The file reads use now, creating the first one if there is none. */
  current(): string {
    const pointer = join(this.dir, 'CURRENT');
    if (!existsSync(pointer)) this.switchTo(this.newFileName());
    return join(this.dir, readFileSync(pointer, 'utf8').trim());
  }

  newFileName(): string {
    return `read-model-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.db`;
  }

  pathOf(fileName: string): string {
    return join(this.dir, fileName);
  }

  switchTo(fileName: string): void {
    const tmp = join(this.dir, `CURRENT.${process.pid}.tmp`);
    writeFileSync(tmp, `${fileName}\n`);
    renameSync(tmp, join(this.dir, 'CURRENT'));
  }

  /** Deletes every read model file but the current one and `keep` (kept for rollback); returns what it deleted. */
  prune(keep: string | undefined): string[] {
    const current = this.current();
    const dropped = new Set<string>();
    for (const name of readdirSync(this.dir)) {
      if (!name.startsWith('read-model-')) continue;
      const full = join(this.dir, name);
      const base = full.replace(/-(wal|shm)$/, '');
      if (base === current || (keep !== undefined && base === keep)) continue;
      rmSync(full, { force: true });
      dropped.add(base);
    }
    return [...dropped];
  }
}
