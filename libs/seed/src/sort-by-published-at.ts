import { SeedEntry } from '@registry/application/registry-operations';

/**
 * The entries in the order the source registry published them (`--order published`), so that
 * replaying them recomputes the same "latest" flags. Stable: equal timestamps keep source order.
 *
 * Entries without a readable `official.publishedAt` come last, in source order: the importer stamps
 * them with the import time, which is later than any recorded publication, so this keeps the
 * publication times of the imported log ascending.
 */
export function sortByPublishedAt(entries: readonly SeedEntry[]): SeedEntry[] {
  const dated: Array<{ entry: SeedEntry; key: PublishedAtKey; index: number }> = [];
  const undated: SeedEntry[] = [];
  entries.forEach((entry, index) => {
    const key = publishedAtKey(entry.official?.publishedAt);
    if (key) dated.push({ entry, key, index });
    else undated.push(entry);
  });
  dated.sort((a, b) => a.key.seconds - b.key.seconds || a.key.nanos - b.key.nanos || a.index - b.index);
  return [...dated.map((d) => d.entry), ...undated];
}

interface PublishedAtKey {
  seconds: number;
  nanos: number;
}

/**
 * RFC 3339 to a sortable key. The official registry writes microseconds (`…09.452138Z`) with trailing
 * zeros dropped, which neither `Date` (milliseconds) nor string comparison orders correctly.
 */
export function publishedAtKey(value: unknown): PublishedAtKey | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m) return undefined;
  const millis = Date.parse(`${m[1].replace(/[t ]/, 'T')}${m[3].toUpperCase()}`);
  if (Number.isNaN(millis)) return undefined;
  return { seconds: millis / 1000, nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}
