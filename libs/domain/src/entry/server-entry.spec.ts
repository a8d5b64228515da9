import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLogBuilder } from '@test/support/event-log-builder';
import { ServerEntryState, applyEvent, applyEvents } from './server-entry';

function history(): EventLogBuilder {
  return new EventLogBuilder()
    .publish('io.github.a/fold', '1.0.0')
    .publish('io.github.a/fold', '1.1.0')
    .status('io.github.a/fold', '1.1.0', 'deleted', 'broken')
    .edit('io.github.a/fold', '1.0.0', 'edited')
    .ownership('io.github.a/fold', '1.0.0', 'verified')
    .publish('io.github.a/fold', '2.0.0-rc.1');
}

describe('applyEvents', () => {
  it('folds a run of events to the state folding them one at a time gives', () => {
    const { events } = history();
    const oneByOne = events.reduce<ServerEntryState | undefined>((s, e) => applyEvent(s, e), undefined);
    assert.deepEqual(applyEvents(undefined, events), oneByOne);
    for (let cut = 1; cut < events.length; cut++) {
      const head = applyEvents(undefined, events.slice(0, cut));
      assert.deepEqual(applyEvents(head, events.slice(cut)), oneByOne, `split at ${cut}`);
    }
  });

  it('leaves the state it starts from as it was, and returns it unchanged for no events', () => {
    const { events } = history();
    const start = applyEvents(undefined, events.slice(0, 2))!;
    const versionsBefore = new Map(start.versions);
    const snapshot = structuredClone(start);
    applyEvents(start, events.slice(2));
    assert.deepEqual(start, snapshot);
    for (const [version, state] of versionsBefore) assert.equal(start.versions.get(version), state);
    assert.equal(applyEvents(start, []), start);
  });

  it('refuses an event before the entry was created', () => {
    const { events } = history();
    assert.throws(() => applyEvents(undefined, events.slice(1)), /before the entry was created/);
  });
});
