import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@test/support/repo-paths';

export const PARITY_DOC = join(repoRoot(), 'docs', 'parity.md');

/**
 * The row ids of docs/parity.md: the first cell of every table row that is a backquoted slug
 * (`| \`meta-extra-keys-dropped\` | ...`). Header and separator rows have no such cell.
 */
export function parityDocIds(markdown: string = readFileSync(PARITY_DOC, 'utf8')): string[] {
  const ids: string[] = [];
  for (const line of markdown.split('\n')) {
    const cell = /^\|\s*`([a-z0-9]+(?:-[a-z0-9]+)*)`\s*\|/.exec(line);
    if (cell !== null) ids.push(cell[1]!);
  }
  return ids;
}
