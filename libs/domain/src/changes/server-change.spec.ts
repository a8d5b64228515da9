import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLogBuilder } from '@test/support/event-log-builder';
import { EventEnvelope } from '../entry/registry-events';
import { ServerEntryState, applyEvent } from '../entry/server-entry';
import { OFFICIAL_META_KEY } from '../server-json/server-json';
import { SUBSCRIPTION_REGISTRY_STREAM } from '../subscription/subscription-events';
import { isFeedChangeType, renderServerChange, renderVersionResponse } from './server-change';

const NS = 'io.github.test-registry';
const ENTRY_KEY = `${NS}/entry`;
const NAME = 'io.github.alice/weather';

interface Response {
  server: { name: string; version: string; description: string };
  _meta: Record<string, Record<string, unknown>>;
}
interface Change {
  type: string;
  timestamp: string;
  data: {
    sequence: number;
    serverId: string;
    name: string;
    version?: string;
    server?: Response;
    previous?: Response | null;
    current?: Response | null;
  };
}

const official = (r: Response | null | undefined) => r?._meta[OFFICIAL_META_KEY];

/** One row per event of the log below, in order: what its change must say (undefined: no change). */
const expected: Array<{ type?: string; version?: string; check?: (c: Change) => void }> = [
  {}, // server.entry.created: not a change
  {
    type: 'server.version.published',
    version: '1.0.0',
    // The flag moves by the next event: right after the publish the version is not latest yet.
    check: (c) => assert.equal(official(c.data.server)!.isLatest, false),
  },
  {
    type: 'server.latest-version.changed',
    check: (c) => {
      assert.equal(c.data.previous, null);
      assert.equal(c.data.current!.server.version, '1.0.0');
      assert.equal(official(c.data.current)!.isLatest, true);
    },
  },
  { type: 'server.version.published', version: '2.0.0' },
  {
    type: 'server.latest-version.changed',
    check: (c) => {
      assert.equal(c.data.previous!.server.version, '1.0.0');
      assert.equal(official(c.data.previous)!.isLatest, false, 'the previous latest lost the flag');
      assert.equal(official(c.data.current)!.isLatest, true);
    },
  },
  {
    type: 'server.version.status-changed',
    version: '2.0.0',
    check: (c) => {
      assert.equal(official(c.data.server)!.status, 'deprecated');
      assert.equal(official(c.data.server)!.statusMessage, 'use 3.x');
      assert.equal(official(c.data.server)!.isLatest, true);
    },
  },
  {
    type: 'server.version.edited',
    version: '1.0.0',
    check: (c) => assert.equal(c.data.server!.server.description, 'edited by an admin'),
  },
  {
    type: 'server.version.ownership-checked',
    version: '1.0.0',
    check: (c) =>
      assert.deepEqual(c.data.server!._meta[ENTRY_KEY]!.packageOwnership, {
        status: 'failed',
        checkedAt: c.timestamp,
        failures: ['npm package no longer names this server'],
      }),
  },
  {
    type: 'server.version.status-changed',
    version: '2.0.0',
    // Deleting the latest: still flagged until the next event moves the flag.
    check: (c) => assert.deepEqual(official(c.data.server)!.isLatest, true),
  },
  {
    type: 'server.latest-version.changed',
    check: (c) => {
      assert.equal(official(c.data.previous)!.status, 'deleted');
      assert.equal(official(c.data.previous)!.isLatest, false);
      assert.equal(c.data.current!.server.version, '1.0.0');
    },
  },
];

function log(): EventLogBuilder {
  return new EventLogBuilder()
    .publish(NAME, '1.0.0')
    .publish(NAME, '2.0.0')
    .status(NAME, '2.0.0', 'deprecated', 'use 3.x')
    .edit(NAME, '1.0.0', 'edited by an admin')
    .ownership(NAME, '1.0.0', 'failed', ['npm package no longer names this server'])
    .status(NAME, '2.0.0', 'deleted');
}

describe('renderServerChange', () => {
  const events = log().events;

  it('has one expectation per event of the log', () => assert.equal(events.length, expected.length));

  let state: ServerEntryState | undefined;
  events.forEach((event, i) => {
    const row = expected[i]!;
    it(`#${event.position} ${event.type}: ${row.type ?? 'no change'}`, () => {
      state = applyEvent(state, event);
      const change = renderServerChange(state, event, NS);
      if (row.type === undefined) return assert.equal(change, undefined);
      assert.ok(change !== undefined);
      assert.equal(change.type, row.type);
      assert.equal(change.version, row.version);
      const parsed = JSON.parse(change.json) as Change;
      assert.deepEqual(Object.keys(parsed), ['type', 'timestamp', 'data'], 'exactly these, in this order');
      assert.equal(parsed.type, event.type);
      assert.equal(parsed.timestamp, event.occurredAt);
      const keys = row.version !== undefined ? ['version', 'server'] : ['previous', 'current'];
      assert.deepEqual(Object.keys(parsed.data), ['sequence', 'serverId', 'name', ...keys]);
      assert.equal(parsed.data.sequence, event.position);
      assert.equal(parsed.data.serverId, event.streamId);
      assert.equal(parsed.data.name, NAME);
      if (row.version !== undefined) {
        assert.equal(parsed.data.version, row.version);
        // The very bytes of the version's response, not a re-serialisation of it.
        assert.ok(change.json.includes(`"server":${renderVersionResponse(state, row.version, NS)}}}`));
        assert.equal(parsed.data.server!._meta[ENTRY_KEY]!.serverId, event.streamId);
      }
      row.check?.(parsed);
    });
  });
});

describe('renderServerChange refusals and skips', () => {
  const events = log().events;
  const state = events
    .slice(0, 3)
    .reduce<ServerEntryState | undefined>((s, e) => applyEvent(s, e), undefined)!;

  it('refuses a state from another moment than the event', () => {
    assert.throws(() => renderServerChange(state, events[1]!, NS), /state of .*#3 handed for event .*#2/);
    const otherStream = { ...events[2]!, streamId: 'another' };
    assert.throws(() => renderServerChange(state, otherStream, NS), /handed for event another#3/);
  });

  it('renders nothing for events of the subscription registry', () => {
    const subscription: EventEnvelope = {
      ...events[2]!,
      type: 'subscription.deleted',
      streamId: SUBSCRIPTION_REGISTRY_STREAM,
      data: { subscriptionId: 's', deletedAt: events[2]!.occurredAt },
    };
    assert.equal(renderServerChange(state, subscription, NS), undefined);
  });

  it('knows the change types', () => {
    const table: Array<[string, boolean]> = [
      ['server.version.published', true],
      ['server.version.status-changed', true],
      ['server.version.edited', true],
      ['server.latest-version.changed', true],
      ['server.version.ownership-checked', true],
      ['server.entry.created', false],
      ['subscription.created', false],
      ['server.version.unknown', false],
    ];
    for (const [type, change] of table) assert.equal(isFeedChangeType(type), change, type);
  });

  it('refuses to render a version the entry does not have', () => {
    assert.throws(() => renderVersionResponse(state, '9.9.9', NS), /has no version 9\.9\.9/);
  });
});
