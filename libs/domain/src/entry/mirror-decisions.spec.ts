import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MirroredVersion, MirrorLatestRule, decideMirror } from './mirror-decisions';
import { EventEnvelope, PendingEvent } from './registry-events';
import { ServerEntryState, VersionState, applyEvents } from './server-entry';

const NAME = 'io.github.up/server';
let ids = 0;
const ctx = () => ({
  now: new Date('2026-01-01T00:00:00Z'),
  newId: () => `id-${++ids}`,
  actor: { method: 'mirror', subject: 'https://up.example' },
});

function upstream(version: string, at: string, extra: Partial<MirroredVersion> = {}): MirroredVersion {
  return {
    server: { name: NAME, description: 'd', version },
    status: 'active',
    statusChangedAt: at,
    publishedAt: at,
    updatedAt: at,
    isLatest: false,
    ...extra,
  };
}

/** Applies what decideMirror decides, as the store would, and returns the new state with the events. */
function mirror(
  state: ServerEntryState | undefined,
  v: MirroredVersion,
  rule: MirrorLatestRule = 'exact',
): { state: ServerEntryState | undefined; events: PendingEvent[] } {
  const events = decideMirror(state, v, ctx(), rule);
  const first = state?.streamVersion ?? 0;
  const envelopes: EventEnvelope[] = events.map((e, k) => ({
    ...e,
    streamId: v.serverId ?? state?.entryId ?? 'entry-1',
    streamVersion: first + k + 1,
    position: 0,
  }));
  return { state: applyEvents(state, envelopes), events };
}

const T1 = '2026-01-01T10:00:00.000Z';
const T2 = '2026-01-01T11:00:00.000Z';
const T3 = '2026-01-01T12:00:00.000Z';

function versionOf(state: ServerEntryState | undefined, version: string): VersionState {
  const v = state?.versions.get(version);
  assert.ok(v !== undefined, `${version} is held`);
  return v;
}

describe('decideMirror: an entry holds each upstream version exactly as the upstream has it', () => {
  it('keeps the upstream identifiers and timestamps of a new version', () => {
    const { state, events } = mirror(
      undefined,
      upstream('1.0.0', T1, { serverId: 'srv', versionId: 'ver', isLatest: true }),
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['server.entry.created', 'server.version.published', 'server.latest-version.changed'],
    );
    const v = versionOf(state, '1.0.0');
    assert.equal(v.versionId, 'ver');
    assert.deepEqual([v.publishedAt, v.statusChangedAt, v.updatedAt], [T1, T1, T1]);
    assert.equal(state?.latest, '1.0.0');
  });

  // Each row: the upstream's later view of 1.0.0 -> the events decided, and the fields afterwards.
  const table: Array<[string, Partial<MirroredVersion>, string[], Partial<VersionState>]> = [
    [
      'nothing changed: nothing decided (a change applied twice)',
      {},
      [],
      { status: 'active', updatedAt: T1 },
    ],
    [
      'deprecated',
      { status: 'deprecated', statusMessage: 'old', statusChangedAt: T2, updatedAt: T2 },
      ['server.version.status-changed'],
      { status: 'deprecated', statusMessage: 'old', statusChangedAt: T2, updatedAt: T2 },
    ],
    [
      'deleted then restored between two polls: same status, the upstream times',
      { statusChangedAt: T3, updatedAt: T3 },
      ['server.version.status-changed'],
      { status: 'active', statusChangedAt: T3, updatedAt: T3 },
    ],
    [
      'edited: the server.json and updatedAt follow, statusChangedAt stays',
      { server: { name: NAME, description: 'edited', version: '1.0.0' }, updatedAt: T2 },
      ['server.version.edited'],
      { statusChangedAt: T1, updatedAt: T2 },
    ],
    [
      'an updatedAt moved for a reason not shown: restated',
      { updatedAt: T2 },
      ['server.version.status-changed'],
      { status: 'active', statusChangedAt: T1, updatedAt: T2 },
    ],
    [
      'an ownership check the upstream recorded',
      { packageOwnership: { status: 'failed', checkedAt: T2, failures: ['npm: no mcpName'] } },
      ['server.version.ownership-checked'],
      { packageOwnership: { status: 'failed', checkedAt: T2, failures: ['npm: no mcpName'] } },
    ],
  ];
  for (const [label, later, types, fields] of table) {
    it(label, () => {
      const { state: before } = mirror(undefined, upstream('1.0.0', T1));
      const { state, events } = mirror(before, upstream('1.0.0', T1, later));
      assert.deepEqual(
        events.map((e) => e.type),
        types,
      );
      const v = versionOf(state, '1.0.0');
      for (const [key, value] of Object.entries(fields)) {
        assert.deepEqual(v[key as keyof VersionState], value, key);
      }
      // Applying the same view again decides nothing.
      assert.deepEqual(mirror(state, upstream('1.0.0', T1, later)).events, []);
    });
  }
});

describe('decideMirror: the latest flag', () => {
  it('exact: moves only when the upstream flags a version (the feed shows every move)', () => {
    let { state } = mirror(undefined, upstream('1.0.0', T1, { isLatest: true }));
    ({ state } = mirror(state, upstream('2.0.0', T2)));
    assert.equal(state?.latest, '1.0.0', 'a new version the upstream has not flagged yet');
    ({ state } = mirror(state, upstream('1.0.0', T1)));
    assert.equal(state?.latest, '1.0.0', 'losing the flag waits for the version that gains it');
    ({ state } = mirror(state, upstream('2.0.0', T2, { isLatest: true })));
    assert.equal(state?.latest, '2.0.0');
  });

  it('derive: a version the upstream no longer flags gives the flag up by the registry rule', () => {
    let { state } = mirror(undefined, upstream('1.0.0', T1), 'derive');
    ({ state } = mirror(state, upstream('2.0.0', T2, { isLatest: true }), 'derive'));
    // 2.0.0 deleted upstream, and the official registry moved the flag without touching 1.0.0.
    ({ state } = mirror(
      state,
      upstream('2.0.0', T2, { status: 'deleted', statusChangedAt: T3, updatedAt: T3 }),
      'derive',
    ));
    assert.equal(state?.latest, '1.0.0');
  });
});

describe('decideMirror: a change feed read again after a kill', () => {
  it('skips a snapshot older than the latest upstream change the entry holds', () => {
    let { state } = mirror(undefined, upstream('1.0.0', T1, { upstreamSequence: 10, isLatest: true }));
    ({ state } = mirror(
      state,
      upstream('1.0.0', T1, { status: 'deleted', statusChangedAt: T2, updatedAt: T2, upstreamSequence: 12 }),
    ));
    assert.equal(state?.mirroredThrough, 12);
    // The batch comes again: its first change (the publish, sequence 10) would undo the deletion.
    assert.deepEqual(
      mirror(state, upstream('1.0.0', T1, { upstreamSequence: 10, isLatest: true })).events,
      [],
    );
    // Changes sharing the entry's sequence (a latest move names two versions) still apply.
    const { events } = mirror(state, upstream('1.0.0', T1, { upstreamSequence: 12 }));
    assert.deepEqual(
      events.map((e) => e.type),
      ['server.version.status-changed'],
    );
  });
});

describe('decideMirror: an upstream rename (the same serverId under a new name)', () => {
  const RENAMED = 'com.example/server';
  const renamedView = (version: string, at: string, extra: Partial<MirroredVersion> = {}) =>
    upstream(version, T1, {
      server: { name: RENAMED, description: 'd', version },
      serverId: 'srv',
      updatedAt: at,
      ...extra,
    });

  it('moves the entry with every version in one event, and decides nothing more for the other versions', () => {
    let { state } = mirror(undefined, upstream('1.0.0', T1, { serverId: 'srv', isLatest: true }));
    ({ state } = mirror(state, upstream('1.1.0', T1, { serverId: 'srv' })));
    const { state: moved, events } = mirror(
      state,
      renamedView('1.0.0', T3, { isLatest: true, upstreamSequence: 7 }),
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['server.renamed'],
    );
    assert.deepEqual(events[0]!.data, {
      previousName: NAME,
      name: RENAMED,
      renamedAt: T3,
      upstreamSequence: 7,
    });
    assert.equal(moved?.entryId, 'srv');
    assert.equal(moved?.name, RENAMED);
    for (const version of ['1.0.0', '1.1.0']) {
      assert.equal(versionOf(moved, version).server.name, RENAMED);
      assert.equal(versionOf(moved, version).updatedAt, T3);
    }
    // The rename change's other version, and the same view again: nothing to do.
    assert.deepEqual(mirror(moved, renamedView('1.1.0', T3, { upstreamSequence: 7 })).events, []);
    assert.deepEqual(mirror(moved, renamedView('1.0.0', T3, { isLatest: true })).events, []);
  });

  it('ignores a view from before a rename it applied (a poll page read before the upstream renamed)', () => {
    let { state } = mirror(undefined, upstream('1.0.0', T1, { serverId: 'srv', isLatest: true }));
    ({ state } = mirror(state, renamedView('1.0.0', T3, { isLatest: true })));
    assert.deepEqual(mirror(state, upstream('1.0.0', T1, { serverId: 'srv', isLatest: true })).events, []);
  });

  it('applies what else changed with the rename (an edit after it) in the same decision', () => {
    const { state } = mirror(undefined, upstream('1.0.0', T1, { serverId: 'srv', isLatest: true }));
    const edited = renamedView('1.0.0', T3, {
      isLatest: true,
      server: { name: RENAMED, description: 'edited', version: '1.0.0' },
    });
    const { state: after, events } = mirror(state, edited);
    assert.deepEqual(
      events.map((e) => e.type),
      ['server.renamed', 'server.version.edited'],
    );
    assert.equal(versionOf(after, '1.0.0').server.description, 'edited');
  });
});
