import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecisionContext } from '../entry/entry-decisions';
import { RegistryError } from '../entry/registry-errors';
import { Actor, EventEnvelope, PendingEvent } from '../entry/registry-events';
import { DEFAULT_CLAIM_SCHEDULE, nextCheckAt } from './claim-schedule';
import {
  CheckResult,
  ClaimInput,
  KEY_USE_RESOLUTION_MS,
  decideCheck,
  decideClaim,
  decideCreateKey,
  decideKeyUsed,
  decideRelease,
  decideReopen,
  decideRevokeKey,
  liveKey,
} from './namespace-decisions';
import { claimPublishResources, revokedClaimClosing } from './namespace-coverage';
import { NAMESPACE_REGISTRY_STREAM } from './namespace-events';
import {
  ClaimState,
  NamespaceRegistryState,
  applyNamespaceEvents,
  emptyNamespaceRegistry,
} from './namespace-registry';

const OWNER: Actor = { method: 'github-at', subject: 'alice' };
const OTHER: Actor = { method: 'github-at', subject: 'mallory' };
const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LIMITS = { maxClaimsPerOwner: 3, maxKeysPerClaim: 2 };
const S = DEFAULT_CLAIM_SCHEDULE;

let ids = 0;
const ctxAt = (ms: number, actor: Actor = OWNER): DecisionContext => ({
  now: new Date(ms),
  newId: () => `ev-${++ids}`,
  actor,
});
const PROVEN: CheckResult = { outcome: 'proven', checked: '_mcp-registry-challenge.example.com' };
const FAILED: CheckResult = {
  outcome: 'failed',
  diagnosis: {
    code: 'record-missing',
    message: 'no TXT record',
    checked: '_mcp-registry-challenge.example.com',
  },
};

class Stream {
  events: EventEnvelope[] = [];
  state: NamespaceRegistryState = emptyNamespaceRegistry();
  append(pending: PendingEvent[]): this {
    const stored = pending.map((e, i) => ({
      ...e,
      streamId: NAMESPACE_REGISTRY_STREAM,
      streamVersion: this.state.streamVersion + i + 1,
      position: this.events.length + i + 1,
    }));
    this.events.push(...stored);
    this.state = applyNamespaceEvents(this.state, stored);
    return this;
  }
  claim(id = 'c1'): ClaimState {
    const claim = this.state.claims.get(id);
    assert.ok(claim, `claim ${id}`);
    return claim;
  }
  check(at: number, result: CheckResult, id = 'c1'): this {
    return this.append(decideCheck(this.state, id, result, ctxAt(at), S));
  }
}

function input(overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    claimId: 'c1',
    owner: OWNER,
    namespace: 'com.example',
    method: 'dns',
    challenge: 'tok',
    ...overrides,
  };
}

function claimed(overrides: Partial<ClaimInput> = {}): Stream {
  return new Stream().append(decideClaim(emptyNamespaceRegistry(), input(overrides), ctxAt(T0), LIMITS, S));
}

const refusal = (kind: RegistryError['kind']) => (error: unknown) =>
  error instanceof RegistryError && error.kind === kind;

describe('namespace claims', () => {
  it('a new claim is pending for the pending window, lower-cased', () => {
    const claim = claimed({ namespace: 'Com.Example' }).claim();
    assert.equal(claim.namespace, 'com.example');
    assert.equal(claim.status, 'pending');
    assert.equal(claim.expiresAt, new Date(T0 + DAY).toISOString());
  });

  it('refuses malformed namespaces, github namespaces by dns, other namespaces by github, a second claim', () => {
    const empty = emptyNamespaceRegistry();
    for (const bad of ['example', 'com..example', '-a.com', 'com.example/x']) {
      assert.throws(
        () => decideClaim(empty, input({ namespace: bad }), ctxAt(T0), LIMITS, S),
        refusal('invalid-input'),
      );
    }
    assert.throws(
      () => decideClaim(empty, input({ namespace: 'io.github.alice' }), ctxAt(T0), LIMITS, S),
      /claim it with method "github"/,
    );
    assert.throws(
      () =>
        decideClaim(empty, input({ method: 'github', githubToken: { sealed: 'x' } }), ctxAt(T0), LIMITS, S),
      /io.github/,
    );
    assert.throws(
      () =>
        decideClaim(empty, input({ namespace: 'io.github.alice', method: 'github' }), ctxAt(T0), LIMITS, S),
      /githubToken/,
    );
    const stream = claimed();
    assert.throws(
      () => decideClaim(stream.state, input({ claimId: 'c2' }), ctxAt(T0), LIMITS, S),
      refusal('conflict'),
    );
    // Someone else may claim the same namespace: only a proof decides.
    stream.append(decideClaim(stream.state, input({ claimId: 'c2', owner: OTHER }), ctxAt(T0), LIMITS, S));
    assert.equal(stream.state.claims.size, 2);
  });

  it('pending: failures are recorded with their diagnosis; a proof verifies; the window end fails it', () => {
    const stream = claimed().check(T0 + 1000, FAILED);
    assert.equal(stream.claim().status, 'pending');
    assert.equal(stream.claim().diagnosis?.code, 'record-missing');
    stream.check(T0 + 2000, PROVEN);
    assert.equal(stream.claim().status, 'verified');
    assert.equal(stream.claim().diagnosis, undefined);
    assert.equal(stream.claim().verifiedAt, new Date(T0 + 2000).toISOString());

    const late = claimed().check(T0 + DAY, FAILED);
    assert.equal(late.claim().status, 'failed');
    assert.match(late.claim().reason, /no proof within the pending window: no TXT record/);
    // verify reopens a failed claim with a new window.
    late.append(decideReopen(late.state, 'c1', ctxAt(T0 + 2 * DAY), S));
    assert.equal(late.claim().status, 'pending');
    assert.equal(late.claim().expiresAt, new Date(T0 + 3 * DAY).toISOString());
  });

  it('watch: a lost proof starts the grace, a proof ends it, the end of the grace revokes, a new proof restores', () => {
    const stream = claimed()
      .check(T0, PROVEN)
      .check(T0 + DAY, PROVEN);
    assert.equal(stream.claim().status, 'verified');
    stream.check(T0 + 2 * DAY, FAILED);
    assert.equal(stream.claim().status, 'grace');
    assert.equal(stream.claim().graceEndsAt, new Date(T0 + 9 * DAY).toISOString());
    stream.check(T0 + 2 * DAY + HOUR, PROVEN);
    assert.equal(stream.claim().status, 'verified');

    stream.check(T0 + 3 * DAY, FAILED).check(T0 + 5 * DAY, FAILED);
    assert.equal(stream.claim().status, 'grace', 'still within the grace');
    assert.equal(revokedClaimClosing(stream.state, 'com.example/api'), undefined);
    stream.check(T0 + 10 * DAY, FAILED);
    assert.equal(stream.claim().status, 'revoked');
    assert.equal(revokedClaimClosing(stream.state, 'com.example/api')?.claimId, 'c1');
    assert.equal(
      revokedClaimClosing(stream.state, 'com.example.eu/api')?.claimId,
      'c1',
      'dns covers subdomains',
    );
    assert.equal(revokedClaimClosing(stream.state, 'com.examples/api'), undefined);
    stream.check(T0 + 11 * DAY, PROVEN);
    assert.equal(stream.claim().status, 'verified');
    assert.match(stream.claim().reason, /proven again/);
  });

  it('an inconclusive check does not start the grace of a recently proven claim, but is looked at again soon', () => {
    const timeout: CheckResult = { ...FAILED, retryable: true };
    const stream = claimed()
      .check(T0, PROVEN)
      .check(T0 + DAY, timeout);
    assert.equal(stream.claim().status, 'verified');
    assert.equal(stream.claim().diagnosis?.code, 'record-missing');
    assert.equal(nextCheckAt(stream.claim(), S)?.getTime(), T0 + DAY + HOUR);
    stream.check(T0 + DAY + HOUR, PROVEN);
    assert.equal(stream.claim().diagnosis, undefined);
    assert.equal(nextCheckAt(stream.claim(), S)?.getTime(), T0 + 2 * DAY + HOUR);
    // Two recheck intervals without a proof: inconclusive counts as lost.
    stream.check(T0 + 3 * DAY + HOUR, timeout);
    assert.equal(stream.claim().status, 'grace');
  });

  it('a revoked claim does not close a namespace another claim proves', () => {
    const stream = claimed()
      .check(T0, PROVEN)
      .check(T0 + DAY, FAILED)
      .check(T0 + 9 * DAY, FAILED);
    assert.equal(stream.claim().status, 'revoked');
    stream.append(
      decideClaim(stream.state, input({ claimId: 'c2', owner: OTHER }), ctxAt(T0 + 9 * DAY), LIMITS, S),
    );
    assert.ok(revokedClaimClosing(stream.state, 'com.example/x'), 'a pending claim does not reopen it');
    stream.check(T0 + 9 * DAY + 1, PROVEN, 'c2');
    assert.equal(revokedClaimClosing(stream.state, 'com.example/x'), undefined);
  });

  it('keys: only a proven claim creates them; a revoked key, claim or release stops them at once', () => {
    const stream = claimed();
    const key = { keyId: 'k1', name: 'ci', hash: 'h1', prefix: 'mcpr_abcd' };
    assert.throws(() => decideCreateKey(stream.state, 'c1', key, ctxAt(T0), LIMITS), refusal('conflict'));
    stream.check(T0, PROVEN).append(decideCreateKey(stream.state, 'c1', key, ctxAt(T0), LIMITS));
    assert.equal(liveKey(stream.state, 'h1')?.key.keyId, 'k1');
    assert.deepEqual(claimPublishResources(stream.claim()), ['com.example/*', 'com.example.*']);

    stream.append(decideKeyUsed(stream.state, 'c1', 'k1', ctxAt(T0 + 1)));
    assert.equal(stream.claim().keys.get('k1')?.lastUsedAt, new Date(T0 + 1).toISOString());
    assert.deepEqual(decideKeyUsed(stream.state, 'c1', 'k1', ctxAt(T0 + 2)), [], 'within the resolution');
    assert.equal(decideKeyUsed(stream.state, 'c1', 'k1', ctxAt(T0 + 1 + KEY_USE_RESOLUTION_MS)).length, 1);

    stream.append(decideRevokeKey(stream.state, 'c1', 'k1', ctxAt(T0 + 3)));
    assert.equal(liveKey(stream.state, 'h1'), undefined);
    assert.deepEqual(
      decideRevokeKey(stream.state, 'c1', 'k1', ctxAt(T0 + 4)),
      [],
      'a second revoke is a no-op',
    );

    const k2 = { ...key, keyId: 'k2', hash: 'h2' };
    stream.append(decideCreateKey(stream.state, 'c1', k2, ctxAt(T0 + 5), LIMITS));
    stream.check(T0 + DAY, FAILED);
    assert.ok(liveKey(stream.state, 'h2'), 'grace keeps keys working');
    stream.check(T0 + 9 * DAY, FAILED);
    assert.equal(liveKey(stream.state, 'h2'), undefined, 'revoked claim');
    stream.check(T0 + 10 * DAY, PROVEN);
    assert.ok(liveKey(stream.state, 'h2'), 'restored claim');
    stream.append(decideRelease(stream.state, 'c1', ctxAt(T0 + 11 * DAY)));
    assert.equal(liveKey(stream.state, 'h2'), undefined, 'released claim');
    assert.equal(stream.state.keysByHash.size, 0);
  });

  it('the schedule backs off while pending, rechecks verified claims daily, hourly in grace, and at its end', () => {
    const stream = claimed();
    assert.equal(nextCheckAt(stream.claim(), S)?.getTime(), T0, 'a new claim is due at once');
    stream.check(T0, FAILED);
    assert.equal(nextCheckAt(stream.claim(), S)?.getTime(), T0 + 30_000);
    stream.check(T0 + 30_000, FAILED);
    assert.equal(nextCheckAt(stream.claim(), S)?.getTime(), T0 + 90_000);
    for (let i = 0; i < 12; i++) stream.check(T0 + HOUR * (i + 1), FAILED);
    assert.equal(nextCheckAt(stream.claim(), S)?.getTime(), T0 + 13 * HOUR, 'capped at an hour');
    stream.check(T0 + DAY - 1000, FAILED);
    assert.equal(nextCheckAt(stream.claim(), S)?.getTime(), T0 + DAY, 'a last look at the window end');
    stream.check(T0 + DAY, FAILED);
    assert.equal(stream.claim().status, 'failed');
    assert.equal(nextCheckAt(stream.claim(), S), undefined);

    const watched = claimed().check(T0, PROVEN);
    assert.equal(nextCheckAt(watched.claim(), S)?.getTime(), T0 + DAY);
    watched.check(T0 + DAY, FAILED);
    assert.equal(nextCheckAt(watched.claim(), S)?.getTime(), T0 + DAY + HOUR);
    watched.check(T0 + 8 * DAY - HOUR / 2, FAILED);
    assert.equal(nextCheckAt(watched.claim(), S)?.getTime(), T0 + 8 * DAY, 'the grace end');
  });
});
