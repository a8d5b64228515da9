import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Actor, EventEnvelope } from '../entry/registry-events';
import { SUBSCRIPTION_REGISTRY_STREAM, SubscriptionEvent } from './subscription-events';
import {
  CREATED_REASON,
  SubscriptionRegistryState,
  SubscriptionState,
  applySubscriptionEvents,
  canManage,
  emptySubscriptionRegistry,
  secretsForSigning,
  subscriptionsOf,
} from './subscription-registry';

const OWNER: Actor = { method: 'github-at', subject: 'me' };

/** Stored events, numbered in order, written by hand so the fold is tested apart from the decisions. */
function stored(events: SubscriptionEvent[]): EventEnvelope[] {
  return events.map((e, i) => ({
    eventId: `ev-${i + 1}`,
    type: e.type,
    streamId: SUBSCRIPTION_REGISTRY_STREAM,
    streamVersion: i + 1,
    position: 100 + i,
    occurredAt: '2025-03-01T00:00:00.000Z',
    actor: OWNER,
    schemaVersion: 1,
    data: e.data,
  }));
}

const at = (day: number) => `2025-03-0${day}T00:00:00.000Z`;
const created = (id: string, owner: Actor = OWNER): SubscriptionEvent => ({
  type: 'subscription.created',
  data: {
    subscriptionId: id,
    owner,
    url: `https://x.example/${id}`,
    filter: {},
    secret: { sealed: `${id}-k1` },
    createdAt: at(1),
  },
});
const status = (
  id: string,
  s: 'active' | 'failing' | 'paused',
  day: number,
  reason: string = s,
): SubscriptionEvent => ({
  type: 'subscription.status-changed',
  data: { subscriptionId: id, status: s, reason, changedAt: at(day) },
});

function history(): EventEnvelope[] {
  return stored([
    created('a'),
    created('b', { method: 'github-oidc', subject: 'me' }),
    status('a', 'active', 2),
    { type: 'subscription.updated', data: { subscriptionId: 'a', description: 'mirror', updatedAt: at(2) } },
    status('a', 'failing', 3, 'dead letter 1'),
    status('a', 'failing', 4, 'dead letter 2'),
    {
      type: 'subscription.secret-rotated',
      data: { subscriptionId: 'a', secret: { sealed: 'a-k2' }, previousExpiresAt: at(6), rotatedAt: at(5) },
    },
    { type: 'subscription.deleted', data: { subscriptionId: 'b', deletedAt: at(5) } },
  ]);
}

describe('applySubscriptionEvents', () => {
  it('folds a history to the expected subscriptions', () => {
    const state = applySubscriptionEvents(undefined, history());
    assert.equal(state.streamVersion, 8);
    assert.deepEqual([...state.subscriptions.keys()], ['a']);
    const expected: SubscriptionState = {
      subscriptionId: 'a',
      owner: OWNER,
      url: 'https://x.example/a',
      description: 'mirror',
      filter: {},
      status: 'failing',
      statusReason: 'dead letter 2',
      // The second failing event changed the reason, not the status: its time stays the first one's.
      statusChangedAt: at(3),
      failingSince: at(3),
      secret: { sealed: 'a-k2' },
      previousSecret: { secret: { sealed: 'a-k1' }, expiresAt: at(6) },
      createdAt: at(1),
      updatedAt: at(5),
      createdPosition: history()[0]!.position,
    };
    assert.deepEqual(state.subscriptions.get('a'), expected);
  });

  it('starts a subscription pending, and clears failingSince when it leaves failing', () => {
    const events = history();
    const first = applySubscriptionEvents(undefined, events.slice(0, 1)).subscriptions.get('a');
    assert.equal(first?.status, 'pending');
    assert.equal(first?.statusReason, CREATED_REASON);
    const resumed = applySubscriptionEvents(
      applySubscriptionEvents(undefined, events),
      stored([status('a', 'active', 7)]).map((e) => ({ ...e, streamVersion: 9 })),
    );
    assert.equal(resumed.subscriptions.get('a')?.failingSince, undefined);
    assert.equal(resumed.subscriptions.get('a')?.statusChangedAt, at(7));
  });

  it('clears the description on null', () => {
    const events = stored([
      created('a'),
      { type: 'subscription.updated', data: { subscriptionId: 'a', description: 'd', updatedAt: at(2) } },
      { type: 'subscription.updated', data: { subscriptionId: 'a', description: null, updatedAt: at(3) } },
    ]);
    assert.equal('description' in applySubscriptionEvents(undefined, events).subscriptions.get('a')!, false);
  });

  it('folds a run to the state folding one event at a time gives, however it is split', () => {
    const events = history();
    const oneByOne = events.reduce<SubscriptionRegistryState | undefined>(
      (s, e) => applySubscriptionEvents(s, [e]),
      undefined,
    );
    assert.deepEqual(applySubscriptionEvents(undefined, events), oneByOne);
    for (let cut = 1; cut < events.length; cut++) {
      const head = applySubscriptionEvents(undefined, events.slice(0, cut));
      assert.deepEqual(applySubscriptionEvents(head, events.slice(cut)), oneByOne, `split at ${cut}`);
    }
  });

  it('leaves the state it starts from as it was, and returns it for no events', () => {
    const events = history();
    const start = applySubscriptionEvents(undefined, events.slice(0, 3));
    const snapshot = structuredClone(start);
    const before = new Map(start.subscriptions);
    const after = applySubscriptionEvents(start, events.slice(3));
    assert.deepEqual(start, snapshot);
    for (const [id, sub] of before) assert.equal(start.subscriptions.get(id), sub);
    assert.equal(applySubscriptionEvents(start, []), start);
    assert.deepEqual(applySubscriptionEvents(undefined, []), emptySubscriptionRegistry());
    assert.notEqual(after.subscriptions, start.subscriptions);
  });

  // Each row: a log that cannot be folded, and what the error names.
  const corrupt: Array<[label: string, events: SubscriptionEvent[], message: RegExp]> = [
    ['an event for an unknown subscription', [status('x', 'active', 2)], /unknown subscription x/],
    ['a second creation of one id', [created('a'), created('a')], /subscription a exists/],
    [
      'a deletion of a deleted one',
      [
        created('a'),
        { type: 'subscription.deleted', data: { subscriptionId: 'a', deletedAt: at(2) } },
        { type: 'subscription.deleted', data: { subscriptionId: 'a', deletedAt: at(3) } },
      ],
      /unknown subscription a/,
    ],
    [
      'an event of another stream',
      [{ type: 'server.entry.created', data: { name: 'x' } } as unknown as SubscriptionEvent],
      /unknown event type server\.entry\.created/,
    ],
  ];
  for (const [label, events, message] of corrupt) {
    it(`refuses ${label}`, () =>
      assert.throws(() => applySubscriptionEvents(undefined, stored(events)), message));
  }
});

describe('secretsForSigning', () => {
  const sub = applySubscriptionEvents(undefined, history()).subscriptions.get('a')!;
  const table: Array<[now: string, expected: string[]]> = [
    ['2025-03-05T12:00:00.000Z', ['a-k2', 'a-k1']],
    ['2025-03-05T23:59:59.999Z', ['a-k2', 'a-k1']],
    ['2025-03-06T00:00:00.000Z', ['a-k2']],
    ['2025-03-09T00:00:00.000Z', ['a-k2']],
  ];
  for (const [now, expected] of table) {
    it(`at ${now}: ${expected.join(', ')}`, () => {
      assert.deepEqual(
        secretsForSigning(sub, new Date(now)).map((s) => s.sealed),
        expected,
      );
    });
  }

  it('signs with the one secret before any rotation', () => {
    const fresh = applySubscriptionEvents(undefined, stored([created('c')])).subscriptions.get('c')!;
    assert.deepEqual(secretsForSigning(fresh, new Date(at(1))), [{ sealed: 'c-k1' }]);
  });
});

describe('canManage and subscriptionsOf', () => {
  const sub = applySubscriptionEvents(undefined, stored([created('a')])).subscriptions.get('a')!;
  const table: Array<[label: string, actor: Actor, isAdmin: boolean, expected: boolean]> = [
    ['the owner', { method: 'github-at', subject: 'me' }, false, true],
    ['the same subject by another login method', { method: 'github-oidc', subject: 'me' }, false, false],
    ['another subject', { method: 'github-at', subject: 'you' }, false, false],
    ['an admin', { method: 'github-at', subject: 'you' }, true, true],
  ];
  for (const [label, actor, isAdmin, expected] of table) {
    it(label, () => assert.equal(canManage(sub, actor, isAdmin), expected));
  }

  it('counts an owner by method and subject', () => {
    const state = applySubscriptionEvents(
      undefined,
      stored([created('a'), created('b'), created('c', { method: 'x', subject: 'me' })]),
    );
    assert.deepEqual(
      subscriptionsOf(state, OWNER).map((s) => s.subscriptionId),
      ['a', 'b'],
    );
  });
});
