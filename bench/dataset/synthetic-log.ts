import { randomUUID } from 'node:crypto';
import { AppendRequest } from '@registry/application/ports';
import { decidePublish } from '@registry/domain/entry';
import { SqliteEventStore } from '@registry/store-sqlite';

/** Appends awaited together: the store's group commit puts them in one transaction. */
const APPEND_BATCH = 2_000;

/**
 * Fills `store` with `entries` first publishes (entry.created, version.published,
 * latest-version.changed each), decided by the domain's own publish decision and appended as one
 * stream each, many per commit: a valid log, built far faster than through the registry.
 */
export async function appendSyntheticLog(
  store: SqliteEventStore,
  entries: number,
  onProgress?: (appended: number) => void,
): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  const epoch = Date.parse('2025-01-01T00:00:00.000Z');
  let events = 0;
  for (let first = 0; first < entries; first += APPEND_BATCH) {
    const requests: AppendRequest[] = [];
    for (let i = first; i < Math.min(entries, first + APPEND_BATCH); i++) {
      const name = `io.modelcontextprotocol.anonymous/replay-${String(i).padStart(7, '0')}`;
      const pending = decidePublish(
        undefined,
        { server: { name, version: '1.0.0', description: `replay server ${i}` }, origin: 'publish' },
        {
          now: new Date(epoch + i),
          newId: () => randomUUID(),
          actor: { method: 'bench', subject: 'replay' },
        },
      );
      requests.push({
        streamId: randomUUID(),
        expectedVersion: 0,
        events: pending,
        claims: [{ op: 'claim', scope: 'name', key: name }],
      });
    }
    const results = await Promise.all(requests.map((r) => store.append(r)));
    for (const r of results) events += r.events.length;
    onProgress?.(events);
  }
  return { events, seconds: (performance.now() - started) / 1000 };
}
