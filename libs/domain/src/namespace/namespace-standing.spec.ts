import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideNamespaceStanding } from '../entry/entry-decisions';
import type { NamespaceStanding } from '../entry/registry-events';
import { ServerEntryState, emptyEntry } from '../entry/server-entry';
import { namespaceStanding } from './namespace-coverage';
import { ClaimMethod, ClaimStatus } from './namespace-events';
import { ClaimState, NamespaceRegistryState, emptyNamespaceRegistry } from './namespace-registry';

let n = 0;
function claim(namespace: string, method: ClaimMethod, status: ClaimStatus, at: string): ClaimState {
  return {
    claimId: `claim-${++n}`,
    owner: { method: 'github-at', subject: 'alice' },
    namespace,
    method,
    challenge: 'c',
    status,
    reason: status,
    statusChangedAt: at,
    claimedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-02T00:00:00.000Z',
    ...(status === 'pending' || status === 'failed' ? {} : { verifiedAt: '2026-01-01T01:00:00.000Z' }),
    checksInStatus: 0,
    keys: new Map(),
  };
}

function registryOf(...claims: ClaimState[]): NamespaceRegistryState {
  return { ...emptyNamespaceRegistry(), claims: new Map(claims.map((c) => [c.claimId, c])) };
}

const T = '2026-02-01T00:00:00.000Z';

describe('namespaceStanding: which claim speaks for a server name', () => {
  it('none without a claim that ever proved the namespace', () => {
    assert.equal(namespaceStanding(emptyNamespaceRegistry(), 'com.example/api'), undefined);
    const unproven = registryOf(
      claim('com.example', 'dns', 'pending', T),
      claim('com.example', 'http', 'failed', T),
    );
    assert.equal(namespaceStanding(unproven, 'com.example/api'), undefined);
  });

  it('a DNS claim speaks for the namespaces below it, an HTTP claim for its own only', () => {
    const dns = claim('com.example', 'dns', 'verified', T);
    assert.deepEqual(namespaceStanding(registryOf(dns), 'com.example.eu/api'), {
      claimId: dns.claimId,
      namespace: 'com.example',
      method: 'dns',
      status: 'verified',
      since: T,
    });
    const http = claim('com.example', 'http', 'verified', T);
    assert.equal(namespaceStanding(registryOf(http), 'com.example.eu/api'), undefined);
    assert.equal(namespaceStanding(registryOf(http), 'com.example/api')?.claimId, http.claimId);
    assert.equal(namespaceStanding(registryOf(dns), 'com.examples/api'), undefined, 'not a prefix match');
  });

  it('a proving claim before one in grace, then the most specific namespace', () => {
    const parentGrace = claim('com.example', 'dns', 'grace', T);
    const child = claim('com.example.eu', 'dns', 'verified', T);
    assert.equal(
      namespaceStanding(registryOf(parentGrace, child), 'com.example.eu/api')?.claimId,
      child.claimId,
    );
    const parent = claim('com.example', 'dns', 'verified', T);
    const childGrace = claim('com.example.eu', 'http', 'grace', T);
    assert.equal(
      namespaceStanding(registryOf(childGrace, parent), 'com.example.eu/api')?.claimId,
      parent.claimId,
    );
    const childToo = claim('com.example.eu', 'http', 'verified', T);
    assert.equal(
      namespaceStanding(registryOf(parent, childToo), 'com.example.eu/api')?.claimId,
      childToo.claimId,
    );
  });

  it('a revoked claim when nothing proves the namespace any more', () => {
    const revoked = claim('com.example', 'dns', 'revoked', T);
    assert.equal(namespaceStanding(registryOf(revoked), 'com.example/api')?.status, 'revoked');
    const reproven = claim('com.example', 'http', 'verified', T);
    assert.equal(
      namespaceStanding(registryOf(revoked, reproven), 'com.example/api')?.claimId,
      reproven.claimId,
    );
  });
});

describe('decideNamespaceStanding', () => {
  const ctx = { now: new Date(T), newId: () => 'e1', actor: { method: 'system', subject: 'verifier' } };
  const standing: NamespaceStanding = {
    claimId: 'c1',
    namespace: 'com.example',
    method: 'dns',
    status: 'verified',
    since: T,
  };
  const entry = (s?: NamespaceStanding): ServerEntryState => ({
    ...emptyEntry('id', 'com.example/api'),
    ...(s !== undefined ? { standing: s } : {}),
  });

  it('an event only when the standing changes', () => {
    assert.deepEqual(decideNamespaceStanding(entry(standing), { ...standing }, ctx), []);
    assert.deepEqual(decideNamespaceStanding(entry(), undefined, ctx), []);
    assert.deepEqual(decideNamespaceStanding(undefined, undefined, ctx), []);
    const grace = decideNamespaceStanding(entry(standing), { ...standing, status: 'grace' }, ctx);
    assert.deepEqual(
      grace.map((e) => [e.type, e.data]),
      [['server.namespace-standing-changed', { standing: { ...standing, status: 'grace' }, changedAt: T }]],
    );
    const gone = decideNamespaceStanding(entry(standing), undefined, ctx);
    assert.deepEqual(
      gone.map((e) => e.data),
      [{ standing: null, changedAt: T }],
    );
  });
});
