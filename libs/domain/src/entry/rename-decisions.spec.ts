import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLogBuilder } from '@test/support/event-log-builder';
import { renderServerChange, renderVersionResponse } from '../changes/server-change';
import { matchesFilter } from '../subscription/subscription-filter';
import { RegistryError } from './registry-errors';
import { decideRename } from './rename-decisions';
import { renamedServer, renamedServerJsonText } from './renamed-server';
import { ServerEntryState, applyEvent, applyEvents } from './server-entry';
import { rfc3339ToMicros } from './server-response';

const OLD = 'io.github.alice/weather';
const NEW = 'com.example/weather';
const NS = 'io.github.test-registry';

function history(): EventLogBuilder {
  return new EventLogBuilder()
    .publish(OLD, '1.0.0')
    .publish(OLD, '1.1.0')
    .status(OLD, '1.0.0', 'deprecated', 'use 1.1')
    .ownership(OLD, '1.1.0', 'verified');
}

const ctx = (now: string) => ({
  now: new Date(now),
  newId: () => 'event-id',
  actor: { method: 't', subject: 's' },
});

function refusal(work: () => unknown): RegistryError {
  try {
    work();
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('decideRename', () => {
  it('decides one event naming both names, stamped after every stamp of the entry', () => {
    const before = history().stateOf(OLD)!;
    // A clock behind the entry's newest stamp: the rename is still stamped after it.
    const events = decideRename(before, NEW, ctx('2020-01-01T00:00:00Z'));
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'server.renamed');
    const data = events[0]!.data as { previousName: string; name: string; renamedAt: string };
    assert.equal(data.previousName, OLD);
    assert.equal(data.name, NEW);
    assert.ok(rfc3339ToMicros(data.renamedAt) > before.newestStampMicros);
  });

  it('moves every version: same ids, the new name in each server.json, updatedAt the rename stamp', () => {
    const log = history();
    const before = log.stateOf(OLD)!;
    log.rename(OLD, NEW);
    const after = log.stateOf(NEW)!;
    const renamedAt = (log.events.at(-1)!.data as { renamedAt: string }).renamedAt;
    assert.equal(after.entryId, log.events[0]!.streamId);
    assert.equal(after.name, NEW);
    assert.equal(after.latest, before.latest);
    assert.deepEqual([...after.versions.keys()], [...before.versions.keys()]);
    for (const [version, v] of after.versions) {
      const was = before.versions.get(version)!;
      assert.equal(v.versionId, was.versionId);
      assert.equal(v.server.name, NEW);
      assert.deepEqual({ ...v.server, name: OLD }, was.server);
      assert.equal(v.updatedAt, renamedAt);
      assert.deepEqual(
        [v.status, v.statusMessage, v.statusChangedAt, v.publishedAt, v.packageOwnership],
        [was.status, was.statusMessage, was.statusChangedAt, was.publishedAt, was.packageOwnership],
      );
    }
    assert.equal(after.newestStampMicros, rfc3339ToMicros(renamedAt));
  });

  it('folds to the same state in one run or split anywhere, and leaves the input state alone', () => {
    const { events } = history().rename(OLD, NEW).publish(NEW, '2.0.0').rename(NEW, OLD);
    const oneByOne = events.reduce<ServerEntryState | undefined>((s, e) => applyEvent(s, e), undefined);
    for (let cut = 1; cut < events.length; cut++) {
      const head = applyEvents(undefined, events.slice(0, cut))!;
      const snapshot = structuredClone(head);
      assert.deepEqual(applyEvents(head, events.slice(cut)), oneByOne, `split at ${cut}`);
      assert.deepEqual(head, snapshot);
    }
    assert.equal(oneByOne!.name, OLD);
    assert.ok([...oneByOne!.versions.values()].every((v) => v.server.name === OLD));
  });

  it('refuses the name it already has (400) and a name a publish would refuse (422, naming the field)', () => {
    const state = history().stateOf(OLD)!;
    const same = refusal(() => decideRename(state, OLD, ctx('2026-01-01T00:00:00Z')));
    assert.equal(same.kind, 'invalid-input');
    for (const [bad, text] of [
      ['-bad.namespace/x', /namespace '-bad.namespace' is invalid/],
      ['io.github.a/b/c', /multiple slashes/],
      ['no-slash', /dns-namespace\/name/],
      [`io.github.a/${'x'.repeat(200)}`, /expected length <= 200/],
    ] as const) {
      const error = refusal(() => decideRename(state, bad, ctx('2026-01-01T00:00:00Z')));
      assert.equal(error.kind, 'invalid-shape', bad);
      assert.equal(error.details[0]?.location, 'body.newName');
      assert.match(error.details[0]!.message, text);
    }
  });
});

describe('renamedServerJsonText', () => {
  it('gives the bytes the entry renders: the name in its place, everything else as it was', () => {
    const server = { $schema: 's', name: OLD, description: 'd', version: '1.0.0', _meta: { k: { '1': 2 } } };
    const text = renamedServerJsonText(JSON.stringify(server), NEW);
    assert.equal(text, JSON.stringify(renamedServer(server, NEW)));
    assert.ok(text.startsWith(`{"$schema":"s","name":"${NEW}","description"`), text);
  });
});

describe('the rename as a feed change', () => {
  it('carries serverId, both names and every version as GET answers it after the rename', () => {
    const log = history().rename(OLD, NEW);
    const state = log.stateOf(NEW)!;
    const event = log.events.at(-1)!;
    const change = renderServerChange(state, event, NS)!;
    assert.equal(change.type, 'server.renamed');
    assert.equal(change.previousName, OLD);
    assert.equal(change.version, undefined);
    const parsed = JSON.parse(change.json) as {
      data: { sequence: number; serverId: string; name: string; previousName: string; servers: unknown[] };
    };
    assert.equal(parsed.data.sequence, event.position);
    assert.equal(parsed.data.serverId, state.entryId);
    assert.equal(parsed.data.name, NEW);
    assert.equal(parsed.data.previousName, OLD);
    const rendered = [...state.versions.keys()].map((v) => renderVersionResponse(state, v, NS));
    assert.equal(
      change.json,
      `${change.json.slice(0, change.json.indexOf('"servers":['))}"servers":[${rendered.join(',')}]}}`,
    );
    assert.equal(parsed.data.servers.length, 2);
  });

  it('reaches subscriptions filtered on either name', () => {
    const change = { name: NEW, previousName: OLD, type: 'server.renamed' };
    assert.ok(matchesFilter({ names: ['io.github.alice/*'] }, change));
    assert.ok(matchesFilter({ names: ['com.example/*'] }, change));
    assert.ok(!matchesFilter({ names: ['io.github.bob/*'] }, change));
    assert.ok(!matchesFilter({ names: ['io.github.alice/*'] }, { name: NEW, type: 'server.renamed' }));
  });
});
