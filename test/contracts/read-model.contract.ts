import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { FeedBatch, ReadModel, ReadModelProjection, ServerListQuery } from '@registry/application/ports';
import { renderVersionResponse } from '@registry/domain/changes';
import { EventEnvelope } from '@registry/domain/entry';
import { SUBSCRIPTION_REGISTRY_STREAM } from '@registry/domain/subscription/subscription-events';
import { sampleLog } from '@test/support/event-log-builder';
import { readModelRenameCases } from './read-model-rename.contract';
import { readModelSearchCases } from './read-model-search.contract';

export type ProjectedReadModel = ReadModel & ReadModelProjection;

export interface ReadModelHarness {
  /** A new, empty read model. */
  open(): Promise<ProjectedReadModel>;
  /** The same storage opened again (a restart). */
  reopen(model: ProjectedReadModel): Promise<ProjectedReadModel>;
  /** Rebuilds a read model from a store holding `log`, through the adapter's replay path. */
  rebuild?(log: EventEnvelope[]): Promise<ProjectedReadModel>;
  close(model: ProjectedReadModel): Promise<void>;
  dispose(): Promise<void>;
}

interface Doc {
  server: { name: string; version: string; description: string };
  _meta: Record<
    string,
    { status?: string; isLatest?: boolean; serverId?: string; versionId?: string; statusMessage?: string }
  >;
}

const OFFICIAL = 'io.modelcontextprotocol.registry/official';

/** Every document the read model holds, paging through the list with the cursor. */
export async function dumpAll(model: ReadModel, query: Partial<ServerListQuery> = {}): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await model.listServers({
      limit: 3,
      includeDeleted: true,
      ...query,
      ...(cursor ? { cursor } : {}),
    });
    out.push(...page.items);
    if (page.nextCursor === undefined) return out;
    assert.equal(page.items.length, query.limit ?? 3, 'nextCursor only when the page is full');
    cursor = page.nextCursor;
  }
}

/** A batch as the embedded feed delivers it: the events and the log position after them. */
export function batchOf(events: EventEnvelope[]): FeedBatch {
  return { events, checkpoint: { log: events.at(-1)?.position ?? 0 } };
}

/**
 * `events` with two events of the subscription registry's stream woven in (after the third event
 * and before the last), positions renumbered as the log would have them.
 */
export function withSubscriptionEvents(events: EventEnvelope[]): EventEnvelope[] {
  const subscription = (streamVersion: number, type: 'subscription.created' | 'subscription.updated') =>
    ({
      eventId: `00000000-0000-7000-8000-00000000000${streamVersion}`,
      type,
      streamId: SUBSCRIPTION_REGISTRY_STREAM,
      streamVersion,
      position: 0,
      occurredAt: '2025-06-01T00:00:30.000Z',
      actor: { method: 'test', subject: 'subscriber' },
      schemaVersion: 1,
      data:
        type === 'subscription.created'
          ? {
              subscriptionId: 'sub-1',
              owner: { method: 'test', subject: 'subscriber' },
              url: 'https://sub.example.com/hook',
              filter: {},
              secret: { sealed: 'sealed' },
              createdAt: '2025-06-01T00:00:30.000Z',
            }
          : { subscriptionId: 'sub-1', description: 'mirror', updatedAt: '2025-06-01T00:00:31.000Z' },
    }) satisfies EventEnvelope;
  const woven = [
    ...events.slice(0, 3),
    subscription(1, 'subscription.created'),
    ...events.slice(3, -1),
    subscription(2, 'subscription.updated'),
    ...events.slice(-1),
  ];
  return woven.map((e, i) => ({ ...e, position: i + 1 }));
}

const parse = (docs: string[]): Doc[] => docs.map((d) => JSON.parse(d) as Doc);
const keys = (docs: string[]) => parse(docs).map((d) => `${d.server.name}@${d.server.version}`);

/** The contract every read model adapter passes, on a log built by the domain's own decisions. */
export function readModelContract(adapter: string, harness: () => ReadModelHarness | string): void {
  const made = harness();
  if (typeof made === 'string') {
    // Counted as a skipped test (with the reason), never as a pass.
    describe(`ReadModel contract: ${adapter}`, () => {
      it('the whole contract suite', { skip: made }, () => undefined);
    });
    console.warn(`\n!!! ReadModel contract: ${adapter} SKIPPED: ${made}\n`);
    return;
  }
  describe(`ReadModel contract: ${adapter}`, () => {
    const log = sampleLog();
    let model: ProjectedReadModel;
    beforeEach(async () => {
      model = await made.open();
    });
    after(async () => made.dispose());
    readModelRenameCases(made, () => model);
    readModelSearchCases(made, () => model);

    it('lists one row per version ordered by name then version, hiding deleted by default', async () => {
      await model.apply(batchOf(log.events));
      const visible = keys(await dumpAll(model, { includeDeleted: false }));
      assert.deepEqual(visible, [
        'com.example/Tools@2024.1',
        'com.example/Tools@2024.2',
        'io.github.alice/weather@1.0.0',
        'io.github.alice/weather@1.1.0',
        'io.github.bob/files@0.1.0',
        'io.github.bob/files@0.2.0-beta.1',
      ]);
      assert.equal((await dumpAll(model)).length, 8);
      await made.close(model);
    });

    it('projects status, messages, edits and the latest flag', async () => {
      await model.apply(batchOf(log.events));
      const docs = parse(await dumpAll(model));
      const by = (k: string) => docs.find((d) => `${d.server.name}@${d.server.version}` === k)!;
      assert.equal(by('io.github.alice/weather@1.2.0')._meta[OFFICIAL]!.status, 'deleted');
      assert.equal(by('io.github.alice/weather@1.2.0')._meta[OFFICIAL]!.statusMessage, 'broken build');
      assert.equal(
        by('io.github.alice/weather@1.1.0')._meta[OFFICIAL]!.isLatest,
        true,
        'latest falls back past a deleted version',
      );
      assert.equal(by('com.example/Tools@2024.2')._meta[OFFICIAL]!.status, 'deprecated');
      assert.equal(by('com.example/Tools@2024.2')._meta[OFFICIAL]!.isLatest, true);
      assert.equal(by('io.github.bob/files@0.1.0').server.description, 'edited description');
      assert.equal(
        by('io.github.bob/files@0.2.0-beta.1')._meta[OFFICIAL]!.isLatest,
        true,
        'semver order: 0.2.0-beta.1 > 0.1.0',
      );
      assert.equal(by('io.github.bob/files@0.1.0')._meta[OFFICIAL]!.isLatest, false);
      assert.equal(
        by('io.github.carol/search@1.0.0')._meta[OFFICIAL]!.isLatest,
        true,
        'all deleted: the highest keeps the flag',
      );
      const ids = docs.map((d) => Object.entries(d._meta).find(([k]) => k.endsWith('/entry'))![1]);
      assert.ok(ids.every((i) => typeof i.serverId === 'string' && typeof i.versionId === 'string'));
      const entryMeta = (k: string) =>
        Object.entries(by(k)._meta).find(([key]) => key.endsWith('/entry'))![1];
      assert.deepEqual(
        (entryMeta('io.github.alice/weather@1.1.0') as Record<string, unknown>).packageOwnership,
        {
          status: 'failed',
          checkedAt: (
            entryMeta('io.github.alice/weather@1.1.0') as { packageOwnership: { checkedAt: string } }
          ).packageOwnership.checkedAt,
          failures: ['npm package weather-mcp no longer names this server'],
        },
      );
      assert.equal(
        (entryMeta('com.example/Tools@2024.2') as { packageOwnership: { status: string } }).packageOwnership
          .status,
        'verified',
      );
      assert.equal(
        (entryMeta('io.github.bob/files@0.1.0') as Record<string, unknown>).packageOwnership,
        undefined,
      );
      await made.close(model);
    });

    it('filters by search, version, latest and updated_since', async () => {
      await model.apply(batchOf(log.events));
      assert.deepEqual(keys(await dumpAll(model, { search: 'TOOLS', includeDeleted: false })), [
        'com.example/Tools@2024.1',
        'com.example/Tools@2024.2',
      ]);
      assert.deepEqual(keys(await dumpAll(model, { search: '%' })), [], 'LIKE wildcards are literal');
      assert.deepEqual(keys(await dumpAll(model, { version: 'latest', includeDeleted: false })), [
        'com.example/Tools@2024.2',
        'io.github.alice/weather@1.1.0',
        'io.github.bob/files@0.2.0-beta.1',
      ]);
      assert.deepEqual(keys(await dumpAll(model, { version: '1.0.0' })), [
        'io.github.alice/weather@1.0.0',
        'io.github.carol/search@1.0.0',
      ]);
      const edited = parse(await dumpAll(model)).find((d) => d.server.description === 'edited description')!;
      const at = (edited._meta[OFFICIAL] as unknown as { updatedAt: string }).updatedAt;
      const micros = Date.parse(at) * 1000;
      const since = keys(await dumpAll(model, { updatedSinceMicros: micros - 1 }));
      assert.ok(since.includes('io.github.bob/files@0.1.0'));
      assert.ok(
        !keys(await dumpAll(model, { updatedSinceMicros: micros })).includes('io.github.bob/files@0.1.0'),
        'strictly later',
      );
      await made.close(model);
    });

    it('pages with a name:version cursor and a bare-name cursor', async () => {
      await model.apply(batchOf(log.events));
      const page = await model.listServers({
        limit: 100,
        includeDeleted: true,
        cursor: 'io.github.alice/weather:1.1.0',
      });
      assert.equal(keys(page.items)[0], 'io.github.alice/weather@1.2.0');
      assert.equal(page.nextCursor, undefined);
      const bare = await model.listServers({
        limit: 100,
        includeDeleted: true,
        cursor: 'io.github.alice/weather',
      });
      assert.equal(keys(bare.items)[0], 'io.github.bob/files@0.1.0');
      await made.close(model);
    });

    it('reads versions (newest publish first), latest, and by stable id', async () => {
      await model.apply(batchOf(log.events));
      const versions = parse(await model.listVersions('io.github.alice/weather', false)).map(
        (d) => d.server.version,
      );
      assert.deepEqual(versions, ['1.1.0', '1.0.0']);
      assert.equal((await model.listVersions('io.github.alice/weather', true)).length, 3);
      const latest = JSON.parse((await model.getVersion('io.github.alice/weather', 'latest', false))!) as Doc;
      assert.equal(latest.server.version, '1.1.0');
      assert.equal(await model.getVersion('io.github.alice/weather', '1.2.0', false), undefined);
      assert.ok(await model.getVersion('io.github.alice/weather', '1.2.0', true));
      assert.equal(await model.getVersion('io.github.carol/search', 'latest', false), undefined);
      const byId = JSON.parse(
        (await model.getByServerId(log.idOf('io.github.alice/weather')!, false))!,
      ) as Doc;
      assert.equal(byId.server.version, '1.1.0');
      await made.close(model);
    });

    it('answers each version with the very bytes its entry renders, namespace standing included', async () => {
      // A version published after the standing changed shows it too.
      const log = sampleLog().publish('com.example/Tools', '2024.3');
      await model.apply(batchOf(log.events));
      const names = [
        'com.example/Tools',
        'io.github.alice/weather',
        'io.github.bob/files',
        'io.github.carol/search',
      ];
      let compared = 0;
      for (const name of names) {
        const state = log.stateOf(name)!;
        for (const version of state.versions.keys()) {
          const response = await model.getVersion(name, version, true);
          assert.ok(response !== undefined, `${name}@${version}`);
          const meta = (JSON.parse(response) as { _meta: Record<string, { namespace?: unknown }> })._meta;
          const entryKey = Object.keys(meta).find((k) => k.endsWith('/entry'))!;
          assert.equal(response, renderVersionResponse(state, version, entryKey.slice(0, -'/entry'.length)));
          assert.deepEqual(meta[entryKey]!.namespace, state.standing, `${name}@${version}`);
          compared++;
        }
      }
      assert.equal(compared, 9);
      // The log leaves com.example in grace on every version, the one published after too, and bob's
      // standing removed again.
      const tools = JSON.parse((await model.getVersion('com.example/Tools', '2024.1', true))!) as {
        _meta: Record<string, { namespace?: { status: string } }>;
      };
      assert.equal(Object.values(tools._meta).find((m) => m.namespace)?.namespace?.status, 'grace');
      await made.close(model);
    });

    it('is idempotent under re-delivery and resumes from its checkpoint after a restart', async () => {
      const half = Math.floor(log.events.length / 2);
      await model.apply(batchOf(log.events.slice(0, half)));
      await model.apply(batchOf(log.events.slice(0, half))); // re-delivered
      assert.deepEqual(await model.checkpoint(), { log: half });
      model = await made.reopen(model);
      assert.deepEqual(await model.checkpoint(), { log: half });
      assert.equal(
        await model.streamVersion(log.events[half - 1]!.streamId),
        log.events[half - 1]!.streamVersion,
      );
      await model.apply(batchOf(log.events.slice(half - 2))); // overlapping batch after the restart
      const resumed = await dumpAll(model);
      const fresh = await made.open();
      await fresh.apply(batchOf(log.events));
      assert.deepEqual(resumed, await dumpAll(fresh));
      await made.close(fresh);
      await made.close(model);
    });

    it('refuses an event that skips a stream version, and keeps nothing of that batch', async () => {
      await model.apply(batchOf(log.events.slice(0, 2)));
      await assert.rejects(model.apply(batchOf(log.events.slice(3))));
      assert.deepEqual(await model.checkpoint(), { log: 2 });
      assert.equal(await model.streamVersion(log.events[0]!.streamId), 2);
      await made.close(model);
    });

    it('skips the events of other streams (the subscription registry), and still stores the checkpoint', async () => {
      const mixed = withSubscriptionEvents(log.events);
      const cut = mixed.findIndex((e) => e.type === 'subscription.updated');
      // The second batch opens with the registry stream's version 2, whose version 1 was skipped:
      // neither may count as a gap.
      await model.apply(batchOf(mixed.slice(0, cut)));
      await model.apply(batchOf(mixed.slice(cut)));
      assert.deepEqual(await model.checkpoint(), { log: mixed.length });
      assert.equal(await model.streamVersion(SUBSCRIPTION_REGISTRY_STREAM), 0);
      const fresh = await made.open();
      await fresh.apply(batchOf(log.events));
      assert.deepEqual(await dumpAll(model), await dumpAll(fresh));
      await made.close(fresh);
      await made.close(model);
    });

    it(
      'rebuilds from the log into an equal read model',
      { skip: made.rebuild ? undefined : 'adapter has no rebuild' },
      async () => {
        await model.apply(batchOf(log.events));
        const before = await dumpAll(model);
        const rebuilt = await made.rebuild!(log.events);
        assert.deepEqual(await dumpAll(rebuilt), before);
        assert.deepEqual(await rebuilt.checkpoint(), { log: log.events.length });
        await made.close(rebuilt);
      },
    );
  });
}
