import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Actor } from '../entry/registry-events';
import {
  CreateSubscriptionInput,
  SubscriptionPatch,
  decideCreateSubscription,
  decideDeleteSubscription,
  decideRotateSecret,
  decideUpdateSubscription,
} from './subscription-decisions';
import { SubscriptionStatus } from './subscription-events';
import { STATUS_REASONS } from './subscription-messages';
import {
  DAY,
  OWNER,
  Stream,
  T0,
  ctxAt,
  input,
  isError,
  s0,
  summary,
  withStatus,
} from './subscription-test-stream';

describe('decideCreateSubscription', () => {
  it('creates a pending subscription with its creation time', () => {
    const s = new Stream().append(
      decideCreateSubscription(s0(), { ...input('s1'), description: 'mirror' }, ctxAt(T0), {
        maxPerOwner: 1,
      }),
    );
    assert.deepEqual(
      s.events.map((e) => e.type),
      ['subscription.created'],
    );
    const sub = s.sub();
    assert.equal(sub.status, 'pending');
    assert.equal(sub.statusChangedAt, '2025-03-01T00:00:00.000Z');
    assert.equal(sub.description, 'mirror');
  });

  // Each row: the owners already holding a subscription, the new owner, whether it is refused.
  const limitTable: Array<[label: string, holders: Actor[], owner: Actor, refused: boolean]> = [
    ['under the limit', [OWNER], OWNER, false],
    ['at the limit', [OWNER, OWNER], OWNER, true],
    ['another subject of the same method', [OWNER, OWNER], { method: 'github-at', subject: 'you' }, false],
    ['the same subject of another method', [OWNER, OWNER], { method: 'github-oidc', subject: 'me' }, false],
  ];
  for (const [label, holders, owner, refused] of limitTable) {
    it(`limit of 2 per owner: ${label}`, () => {
      const s = new Stream();
      holders.forEach((h, i) =>
        s.append(decideCreateSubscription(s.state, input(`h${i}`, h), ctxAt(T0), { maxPerOwner: 2 })),
      );
      const decide = () =>
        decideCreateSubscription(s.state, input('new', owner), ctxAt(T0), { maxPerOwner: 2 });
      if (refused) assert.throws(decide, isError('conflict', /at most 2 subscriptions/));
      else assert.equal(decide().length, 1);
    });
  }

  it('refuses an id that exists', () => {
    const s = new Stream().append(decideCreateSubscription(s0(), input('s1'), ctxAt(T0), { maxPerOwner: 5 }));
    assert.throws(
      () => decideCreateSubscription(s.state, input('s1'), ctxAt(T0), { maxPerOwner: 5 }),
      isError('conflict'),
    );
  });

  it('refuses an invalid filter and keeps a valid one normalised', () => {
    const bad = { ...input('s1'), filter: { types: ['nope'] } } as unknown as CreateSubscriptionInput;
    assert.throws(
      () => decideCreateSubscription(s0(), bad, ctxAt(T0), { maxPerOwner: 5 }),
      isError('invalid-shape'),
    );
    const messy = { ...input('s1'), filter: { names: ['a/*', 'a/*'], types: [] } };
    const [created] = decideCreateSubscription(s0(), messy, ctxAt(T0), { maxPerOwner: 5 });
    assert.deepEqual((created?.data as { filter: unknown }).filter, { names: ['a/*'] });
  });
});

describe('decideUpdateSubscription', () => {
  const NEW_URL = 'https://new.example/hook';
  const toPending = (reason: string) => `status → pending: ${reason}`;
  // Each row: the status before, the patch, the events decided (summarised), or the refusal.
  const table: Array<
    [label: string, from: SubscriptionStatus, patch: SubscriptionPatch, expected: string[] | RegExp]
  > = [
    [
      'the same values change nothing',
      'active',
      { url: 'https://sub.example/hook', filter: {}, status: 'active' },
      [],
    ],
    ['an empty patch changes nothing', 'failing', {}, []],
    ['clearing an absent description changes nothing', 'active', { description: null }, []],
    ['a description', 'active', { description: 'mirror' }, ['updated description']],
    ['a filter', 'active', { filter: { names: ['io.github.me/*'] } }, ['updated filter']],
    [
      'a new url while active',
      'active',
      { url: NEW_URL },
      ['updated url', toPending(STATUS_REASONS.urlChanged)],
    ],
    [
      'a new url while pending',
      'pending',
      { url: NEW_URL },
      ['updated url', toPending(STATUS_REASONS.urlChanged)],
    ],
    [
      'a new url while failing',
      'failing',
      { url: NEW_URL },
      ['updated url', toPending(STATUS_REASONS.urlChanged)],
    ],
    ['a new url while paused stays paused', 'paused', { url: NEW_URL }, ['updated url']],
    ['a new url while disabled stays disabled', 'disabled', { url: NEW_URL }, ['updated url']],
    [
      'a new url and pause',
      'active',
      { url: NEW_URL, status: 'paused' },
      ['updated url', 'status → paused: paused by the owner'],
    ],
    [
      'a new url and resume',
      'paused',
      { url: NEW_URL, status: 'active' },
      ['updated url', toPending(STATUS_REASONS.urlChanged)],
    ],
    ['pause while pending', 'pending', { status: 'paused' }, ['status → paused: paused by the owner']],
    ['pause while active', 'active', { status: 'paused' }, ['status → paused: paused by the owner']],
    ['pause while failing', 'failing', { status: 'paused' }, ['status → paused: paused by the owner']],
    ['pause while paused', 'paused', { status: 'paused' }, []],
    ['pause while disabled', 'disabled', { status: 'paused' }, /disabled subscription cannot be paused/],
    ['resume while paused', 'paused', { status: 'active' }, [toPending(STATUS_REASONS.resumed)]],
    ['resume while disabled', 'disabled', { status: 'active' }, [toPending(STATUS_REASONS.resumed)]],
    ['resume while failing', 'failing', { status: 'active' }, [toPending(STATUS_REASONS.resumed)]],
    ['resume while pending', 'pending', { status: 'active' }, []],
    ['resume while active', 'active', { status: 'active' }, []],
  ];
  for (const [label, from, patch, expected] of table) {
    it(`${label} (from ${from})`, () => {
      const s = withStatus(from);
      const decide = () => decideUpdateSubscription(s.state, 's1', patch, ctxAt(T0 + DAY));
      if (expected instanceof RegExp) assert.throws(decide, isError('invalid-input', expected));
      else assert.deepEqual(summary(decide()), expected);
    });
  }

  it('applies the patch: url, description cleared, filter, updatedAt', () => {
    const s = withStatus('active');
    s.append(decideUpdateSubscription(s.state, 's1', { description: 'd' }, ctxAt(T0 + 3)));
    assert.equal(s.sub().description, 'd');
    s.append(
      decideUpdateSubscription(
        s.state,
        's1',
        { url: NEW_URL, description: null, filter: { types: ['server.version.edited'] } },
        ctxAt(T0 + DAY),
      ),
    );
    const sub = s.sub();
    assert.equal(sub.url, NEW_URL);
    assert.equal('description' in sub, false);
    assert.deepEqual(sub.filter, { types: ['server.version.edited'] });
    assert.equal(sub.status, 'pending');
    assert.equal(sub.updatedAt, new Date(T0 + DAY).toISOString());
  });

  it('answers not-found for an unknown id', () => {
    assert.throws(() => decideUpdateSubscription(s0(), 'nope', {}, ctxAt(T0)), isError('not-found'));
  });
});

describe('decideRotateSecret and decideDeleteSubscription', () => {
  it('rotates with a 24 h overlap by default, or the one given', () => {
    const s = withStatus('active');
    const [byDefault] = decideRotateSecret(s.state, 's1', { sealed: 'k2' }, ctxAt(T0 + DAY));
    assert.deepEqual(byDefault?.data, {
      subscriptionId: 's1',
      secret: { sealed: 'k2' },
      previousExpiresAt: '2025-03-03T00:00:00.000Z',
      rotatedAt: '2025-03-02T00:00:00.000Z',
    });
    const [short] = decideRotateSecret(s.state, 's1', { sealed: 'k2' }, ctxAt(T0), { overlapMs: 60_000 });
    assert.equal(
      (short?.data as { previousExpiresAt: string }).previousExpiresAt,
      '2025-03-01T00:01:00.000Z',
    );
  });

  it('deletes, and answers not-found for an id already deleted', () => {
    const s = withStatus('failing');
    s.append(decideDeleteSubscription(s.state, 's1', ctxAt(T0 + DAY)));
    assert.equal(s.state.subscriptions.size, 0);
    for (const decide of [
      () => decideDeleteSubscription(s.state, 's1', ctxAt(T0)),
      () => decideRotateSecret(s.state, 's1', { sealed: 'k' }, ctxAt(T0)),
    ]) {
      assert.throws(decide, isError('not-found'));
    }
  });
});
