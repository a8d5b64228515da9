import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DecisionContext,
  decideEdit,
  decidePublish,
  decideStatusChange,
  entryStamp,
} from './entry-decisions';
import { EventEnvelope, PendingEvent } from './registry-events';
import { ServerEntryState, VersionState, applyEvents } from './server-entry';

const NAME = 'io.github.t/stamps';
/** The clock, frozen: every decision below is made in the same instant. */
const FROZEN = new Date('2025-03-01T12:00:00.000Z');
const ctx: DecisionContext = { now: FROZEN, newId: () => 'id', actor: { method: 't', subject: 's' } };
const MS_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Appends decided events to the entry, as the store would (stream versions in order). */
function commit(state: ServerEntryState | undefined, events: PendingEvent[]): ServerEntryState {
  const first = (state?.streamVersion ?? 0) + 1;
  const envelopes = events.map((e, k): EventEnvelope => ({
    ...e,
    streamId: 'entry',
    streamVersion: first + k,
    position: 0,
  }));
  return applyEvents(state, envelopes)!;
}

function publish(state: ServerEntryState | undefined, version: string, at = ctx): ServerEntryState {
  return commit(
    state,
    decidePublish(state, { server: { name: NAME, version, description: 'd' }, origin: 'publish' }, at),
  );
}

const versionOf = (state: ServerEntryState, version: string): VersionState => state.versions.get(version)!;

describe('entry stamps: no two changes of one entry in the same instant', () => {
  it('gives two publishes in the same instant increasing publishedAt, and the later non-semver is latest', () => {
    const first = publish(undefined, 'nightly-a');
    const second = publish(first, 'nightly-b');
    const a = versionOf(second, 'nightly-a').publishedAt;
    const b = versionOf(second, 'nightly-b').publishedAt;
    assert.equal(a, '2025-03-01T12:00:00.000Z', 'the first takes the clock as it is');
    assert.equal(b, '2025-03-01T12:00:00.001Z', 'the second, one millisecond after it');
    assert.equal(second.latest, 'nightly-b', 'between two non-semver versions the later publish wins');
    // Its updatedAt and statusChangedAt are its publishedAt, as for any publish.
    assert.equal(versionOf(second, 'nightly-b').updatedAt, b);
    assert.equal(versionOf(second, 'nightly-b').statusChangedAt, b);
  });

  it('keeps stamps strictly increasing, in the format of today, over many publishes in one instant', () => {
    let state: ServerEntryState | undefined;
    for (let i = 0; i < 50; i++) state = publish(state, `build-${i}`);
    const times = [...state!.versions.values()].map((v) => v.publishedAt);
    assert.ok(
      times.every((t) => MS_FORMAT.test(t)),
      times.join(' '),
    );
    for (let i = 1; i < times.length; i++)
      assert.ok(times[i - 1]! < times[i]!, `${times[i - 1]} < ${times[i]}`);
    assert.equal(state!.latest, 'build-49');
  });

  it('stamps after the newest stamp even when this clock is behind (another process decided it)', () => {
    const ahead = publish(undefined, '1.0.0', { ...ctx, now: new Date('2025-03-01T12:00:05.000Z') });
    const behind = publish(ahead, '1.1.0');
    assert.equal(versionOf(behind, '1.1.0').publishedAt, '2025-03-01T12:00:05.001Z');
    const later = publish(behind, '1.2.0', { ...ctx, now: new Date('2025-03-01T12:01:00.000Z') });
    assert.equal(versionOf(later, '1.2.0').publishedAt, '2025-03-01T12:01:00.000Z', 'a later clock wins');
  });

  it('stamps after an imported time finer than a millisecond, in milliseconds', () => {
    const imported = commit(
      undefined,
      decidePublish(
        undefined,
        {
          server: { name: NAME, version: 'v1', description: 'd' },
          origin: 'import',
          sourceMeta: { publishedAt: '2025-03-01T12:00:00.000123Z' },
        },
        ctx,
      ),
    );
    assert.equal(versionOf(imported, 'v1').publishedAt, '2025-03-01T12:00:00.000123Z', 'imports keep theirs');
    const next = publish(imported, 'v2');
    assert.equal(versionOf(next, 'v2').publishedAt, '2025-03-01T12:00:00.001Z');
    assert.equal(next.latest, 'v2');
  });

  it('stamps a status change and an edit in the publish instant after the publish, so updatedAt never goes back', () => {
    let state = publish(undefined, '1.0.0');
    const published = versionOf(state, '1.0.0').publishedAt;
    state = commit(state, decideStatusChange(state, { version: '1.0.0', status: 'deprecated' }, ctx));
    const deprecated = versionOf(state, '1.0.0');
    assert.ok(published < deprecated.statusChangedAt, `${published} < ${deprecated.statusChangedAt}`);
    assert.equal(deprecated.updatedAt, deprecated.statusChangedAt);
    state = commit(
      state,
      decideEdit(state, '1.0.0', { name: NAME, version: '1.0.0', description: 'e' }, ctx),
    );
    assert.ok(deprecated.updatedAt < versionOf(state, '1.0.0').updatedAt);
    assert.equal(versionOf(state, '1.0.0').publishedAt, published, 'an edit does not move publishedAt');
    // A publish after them is stamped after them too.
    state = publish(state, '2.0.0');
    assert.ok(versionOf(state, '1.0.0').updatedAt < versionOf(state, '2.0.0').publishedAt);
  });

  it('stamps the next change after the newest time of any version, a status change included', () => {
    let state = publish(undefined, 'a');
    state = publish(state, 'b');
    state = commit(state, decideStatusChange(state, { version: 'a', status: 'deleted' }, ctx));
    assert.equal(entryStamp(state, FROZEN), '2025-03-01T12:00:00.003Z');
    assert.equal(entryStamp(undefined, FROZEN), FROZEN.toISOString(), 'a new entry takes the clock');
  });
});
