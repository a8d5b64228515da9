import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions } from './compare-versions';

const NOW = new Date('2025-10-01T12:00:00Z');
const EARLIER = new Date('2025-10-01T11:00:00Z');
const LATER = new Date('2025-10-01T13:00:00Z');

// Ported from internal/service/versioning_test.go (TestCompareVersions).
const TABLE: [string, string, Date, Date, number][] = [
  ['1.0.0', '2.0.0', NOW, NOW, -1],
  ['2.0.0', '1.0.0', NOW, NOW, 1],
  ['1.0.0', '1.0.0', NOW, NOW, 0],
  ['1.0.0', '2.0.0', LATER, EARLIER, -1],
  ['snapshot', 'latest', EARLIER, LATER, -1],
  ['snapshot', 'latest', LATER, EARLIER, 1],
  ['snapshot', 'latest', NOW, NOW, 0],
  ['v2021.03.15', 'v2021.03.16', EARLIER, LATER, -1],
  ['1.0.0', 'snapshot', NOW, NOW, 1],
  ['snapshot', '1.0.0', NOW, NOW, -1],
  ['2.0.0', 'snapshot', EARLIER, LATER, 1],
  ['latest', '1.0.0', LATER, EARLIER, -1],
  ['1.0.0-alpha', 'custom', NOW, NOW, 1],
  ['', '1.0.0', NOW, NOW, -1],
  ['1.0.0', '', NOW, NOW, 1],
  ['', '', NOW, NOW, 0],
];

describe('compareVersions', () => {
  for (const [a, b, aAt, bAt, expected] of TABLE) {
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)} → ${expected}`, () => {
      assert.equal(Math.sign(compareVersions(a, b, aAt, bAt)), expected);
    });
  }

  it('orders non-semver versions by timestamps finer than a millisecond', () => {
    assert.equal(compareVersions('a', 'b', '2025-09-08T23:47:09.452138Z', '2025-09-08T23:47:09.452137Z'), 1);
    assert.equal(compareVersions('a', 'b', '2025-09-08T23:47:09.4521Z', '2025-09-08T23:47:09.452100Z'), 0);
  });

  it('compares timestamps across time zones and mixed Date/string inputs', () => {
    assert.equal(compareVersions('a', 'b', '2025-10-01T14:00:00+02:00', NOW), 0);
    assert.equal(compareVersions('a', 'b', '2025-10-01T12:00:00.001Z', NOW), 1);
  });

  it('refuses an unreadable timestamp', () => {
    assert.throws(() => compareVersions('a', 'b', 'yesterday', NOW), /invalid publish time/);
  });
});
