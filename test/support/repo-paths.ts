import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest folder above this file holding package.json. */
export function repoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** A file of ../shared (design, official spec copies, real registry data), beside the repository. */
export function sharedPath(...parts: string[]): string {
  return join(repoRoot(), '..', 'shared', ...parts);
}

export const SNAPSHOT_FILE = (): string => sharedPath('data', 'official-snapshot-2025-12-18', 'servers.json');
