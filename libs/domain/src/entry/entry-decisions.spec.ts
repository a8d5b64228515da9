import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLogBuilder } from '@test/support/event-log-builder';
import { RegistryError } from './registry-errors';
import { MAX_VERSIONS_PER_SERVER, emptyEntry, pickLatest } from './server-entry';
import { decidePublish } from './entry-decisions';

const ctx = {
  now: new Date('2025-01-01T00:00:00Z'),
  newId: () => 'id',
  actor: { method: 't', subject: 's' },
};

describe('latest version when publishing (official rules)', () => {
  // Each row: versions published in this order -> the version flagged latest afterwards.
  const table: Array<[string, string[], string]> = [
    ['semver increases', ['1.0.0', '1.1.0'], '1.1.0'],
    ['an older semver published later does not win', ['2.0.0', '1.5.0'], '2.0.0'],
    ['a release beats its prerelease', ['1.0.0', '1.0.0-rc.1'], '1.0.0'],
    ['prereleases compare by semver', ['1.0.0-alpha', '1.0.0-beta'], '1.0.0-beta'],
    ['semver beats a later non-semver', ['1.0.0', 'nightly'], '1.0.0'],
    ['semver beats an earlier non-semver', ['snapshot', '0.0.1'], '0.0.1'],
    ['two non-semvers: the later publish wins', ['2024.2', '2024.1'], '2024.1'],
  ];
  for (const [label, versions, expected] of table) {
    it(label, () => {
      const log = new EventLogBuilder();
      for (const v of versions) log.publish('io.github.t/s', v);
      assert.equal(log.stateOf('io.github.t/s')!.latest, expected);
    });
  }

  it('moves the flag with an explicit event naming the previous latest', () => {
    const log = new EventLogBuilder().publish('io.github.t/s', '1.0.0').publish('io.github.t/s', '2.0.0');
    const moved = log.events.filter((e) => e.type === 'server.latest-version.changed').map((e) => e.data);
    assert.deepEqual(moved, [
      { previous: null, current: '1.0.0' },
      { previous: '1.0.0', current: '2.0.0' },
    ]);
  });
});

describe('latest version after status changes', () => {
  it('falls back to the next highest non-deleted version, and back again when restored', () => {
    const log = new EventLogBuilder()
      .publish('io.github.t/s', '1.0.0')
      .publish('io.github.t/s', '2.0.0')
      .status('io.github.t/s', '2.0.0', 'deleted');
    assert.equal(log.stateOf('io.github.t/s')!.latest, '1.0.0');
    log.status('io.github.t/s', '2.0.0', 'active');
    assert.equal(log.stateOf('io.github.t/s')!.latest, '2.0.0');
  });

  it('keeps a deprecated version latest (deprecated is still listed)', () => {
    const log = new EventLogBuilder()
      .publish('io.github.t/s', '1.0.0')
      .status('io.github.t/s', undefined, 'deprecated');
    assert.equal(log.stateOf('io.github.t/s')!.latest, '1.0.0');
  });

  it('gives the highest deleted version the flag when all are deleted', () => {
    const log = new EventLogBuilder()
      .publish('io.github.t/s', '1.0.0')
      .publish('io.github.t/s', '1.1.0')
      .status('io.github.t/s', undefined, 'deleted');
    assert.equal(log.stateOf('io.github.t/s')!.latest, '1.1.0');
    assert.equal(pickLatest([]), null);
  });
});

describe('publish refusals', () => {
  it('refuses a duplicate version, even when the earlier one is deleted', () => {
    const log = new EventLogBuilder()
      .publish('io.github.t/s', '1.0.0')
      .status('io.github.t/s', '1.0.0', 'deleted');
    assert.throws(
      () =>
        decidePublish(
          log.stateOf('io.github.t/s'),
          { server: { name: 'io.github.t/s', version: '1.0.0', description: 'd' }, origin: 'publish' },
          ctx,
        ),
      (e: unknown) =>
        e instanceof RegistryError && e.kind === 'invalid-input' && /duplicate version/.test(e.message),
    );
  });

  it(`refuses version ${MAX_VERSIONS_PER_SERVER + 1}`, () => {
    const state = emptyEntry('e', 'io.github.t/s');
    for (let i = 0; i < MAX_VERSIONS_PER_SERVER; i++) {
      state.versions.set(`0.0.${i}`, {
        versionId: `v${i}`,
        version: `0.0.${i}`,
        server: { name: 'io.github.t/s', version: `0.0.${i}`, description: 'd' },
        status: 'active',
        statusChangedAt: '',
        publishedAt: '',
        updatedAt: '',
      });
    }
    assert.throws(
      () =>
        decidePublish(
          state,
          { server: { name: 'io.github.t/s', version: '9.9.9', description: 'd' }, origin: 'publish' },
          ctx,
        ),
      (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-input',
    );
  });

  it('creates the entry with its first version', () => {
    const events = decidePublish(
      undefined,
      { server: { name: 'io.github.t/s', version: '1.0.0', description: 'd' }, origin: 'publish' },
      ctx,
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['server.entry.created', 'server.version.published', 'server.latest-version.changed'],
    );
  });
});

describe('package ownership re-checks', () => {
  it('records a change of outcome, and nothing when the outcome is the same', () => {
    const log = new EventLogBuilder().publish('io.github.t/s', '1.0.0');
    const before = log.events.length;
    log.ownership('io.github.t/s', '1.0.0', 'verified');
    log.ownership('io.github.t/s', '1.0.0', 'verified');
    log.ownership('io.github.t/s', '1.0.0', 'failed', ['mcpName is missing']);
    log.ownership('io.github.t/s', '1.0.0', 'failed', ['mcpName is missing']);
    log.ownership('io.github.t/s', '1.0.0', 'failed', ['mcpName names another server']);
    assert.equal(log.events.length - before, 3);
    assert.deepEqual(log.stateOf('io.github.t/s')!.versions.get('1.0.0')!.packageOwnership, {
      status: 'failed',
      checkedAt: log.stateOf('io.github.t/s')!.versions.get('1.0.0')!.packageOwnership!.checkedAt,
      failures: ['mcpName names another server'],
    });
  });
});
