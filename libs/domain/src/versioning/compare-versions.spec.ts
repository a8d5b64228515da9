import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions } from './compare-versions';

const NOW = new Date('2025-10-01T12:00:00Z');
const EARLIER = new Date('2025-10-01T11:00:00Z');
const LATER = new Date('2025-10-01T13:00:00Z');

// TestCompareSemanticVersions of the official internal/service/versioning_test.go (the x/mod/semver
// version), table for table: like the Go test it goes through CompareVersions with equal times.
const COMPARE_SEMANTIC_VERSIONS: [name: string, a: string, b: string, want: number][] = [
  // Major version differences
  ['major less', '1.0.0', '2.0.0', -1],
  ['major greater', '2.0.0', '1.0.0', 1],
  ['major equal', '1.0.0', '1.0.0', 0],

  // Minor version differences
  ['minor less', '1.1.0', '1.2.0', -1],
  ['minor greater', '1.2.0', '1.1.0', 1],
  ['minor equal', '1.2.0', '1.2.0', 0],

  // Patch version differences
  ['patch less', '1.0.1', '1.0.2', -1],
  ['patch greater', '1.0.2', '1.0.1', 1],
  ['patch equal', '1.0.1', '1.0.1', 0],

  // Complex comparisons
  ['complex less', '1.9.9', '2.0.0', -1],
  ['complex greater', '2.0.0', '1.9.9', 1],
  ['complex mixed', '1.10.0', '1.2.0', 1],

  // Prerelease comparisons
  ['prerelease vs stable less', '1.0.0-alpha', '1.0.0', -1],
  ['stable vs prerelease greater', '1.0.0', '1.0.0-alpha', 1],
  ['prerelease alpha vs beta', '1.0.0-alpha', '1.0.0-beta', -1],
  ['prerelease beta vs alpha', '1.0.0-beta', '1.0.0-alpha', 1],
  ['prerelease same', '1.0.0-alpha', '1.0.0-alpha', 0],
  ['prerelease numeric', '1.0.0-1', '1.0.0-2', -1],
  ['prerelease complex', '1.0.0-alpha.1', '1.0.0-alpha.2', -1],
  ['prerelease rc vs alpha', '1.0.0-rc', '1.0.0-alpha', 1],

  // Semver spec prerelease precedence rules
  ['prerelease alpha.10 vs alpha.2', '1.0.0-alpha.10', '1.0.0-alpha.2', 1],
  ['prerelease alpha.2 vs alpha.10', '1.0.0-alpha.2', '1.0.0-alpha.10', -1],
  ['prerelease beta.100 vs beta.9', '1.0.0-beta.100', '1.0.0-beta.9', 1],
  ['numeric vs alphanumeric precedence', '1.0.0-1', '1.0.0-alpha', -1],
  ['alphanumeric vs numeric precedence', '1.0.0-alpha', '1.0.0-1', 1],
  ['shorter prerelease list precedence', '1.0.0-alpha', '1.0.0-alpha.1', -1],
  ['longer prerelease list precedence', '1.0.0-alpha.1', '1.0.0-alpha', 1],
  ['mixed numeric and alpha', '1.0.0-alpha.1.beta', '1.0.0-alpha.1.2', 1],
  ['complex prerelease ordering', '1.0.0-rc.1', '1.0.0-rc.10', -1],

  // Edge cases
  ['zero versions', '0.0.0', '0.0.1', -1],
  ['large numbers', '100.200.300', '100.200.301', -1],
];

describe('compareVersions: official TestCompareSemanticVersions', () => {
  for (const [name, a, b, want] of COMPARE_SEMANTIC_VERSIONS) {
    it(`${name}: ${a} vs ${b} → ${want}`, () => assert.equal(compareVersions(a, b, NOW, NOW), want));
  }
});

// TestCompareVersions of the same file, table for table.
const COMPARE_VERSIONS: [name: string, a: string, b: string, aAt: Date, bAt: Date, want: number][] = [
  // Both semantic versions
  ['both semver less', '1.0.0', '2.0.0', NOW, NOW, -1],
  ['both semver greater', '2.0.0', '1.0.0', NOW, NOW, 1],
  ['both semver equal', '1.0.0', '1.0.0', NOW, NOW, 0],
  ['both semver ignore timestamps', '1.0.0', '2.0.0', LATER, EARLIER, -1],

  // Neither semantic versions
  ['neither semver earlier', 'snapshot', 'latest', EARLIER, LATER, -1],
  ['neither semver later', 'snapshot', 'latest', LATER, EARLIER, 1],
  ['neither semver same time', 'snapshot', 'latest', NOW, NOW, 0],
  ['neither semver v-prefix', 'v2021.03.15', 'v2021.03.16', EARLIER, LATER, -1],

  // Mixed: one semver, one not
  ['semver vs non-semver', '1.0.0', 'snapshot', NOW, NOW, 1],
  ['non-semver vs semver', 'snapshot', '1.0.0', NOW, NOW, -1],
  ['semver vs snapshot', '2.0.0', 'snapshot', EARLIER, LATER, 1],
  ['latest vs semver', 'latest', '1.0.0', LATER, EARLIER, -1],
  ['semver prerelease vs non-semver', '1.0.0-alpha', 'custom', NOW, NOW, 1],

  // Edge cases
  ['empty vs semver', '', '1.0.0', NOW, NOW, -1],
  ['semver vs empty', '1.0.0', '', NOW, NOW, 1],
  ['both empty', '', '', NOW, NOW, 0],
];

describe('compareVersions: official TestCompareVersions', () => {
  for (const [name, a, b, aAt, bAt, want] of COMPARE_VERSIONS) {
    it(`${name}: ${JSON.stringify(a)} vs ${JSON.stringify(b)} → ${want}`, () => {
      assert.equal(compareVersions(a, b, aAt, bAt), want);
    });
  }
});

describe('compareVersions', () => {
  it('lets a semantic version beat a later non-semantic one, in either argument order', () => {
    assert.equal(compareVersions('0.0.1-alpha', '2021.03.05', EARLIER, LATER), 1);
    assert.equal(compareVersions('2021.03.05', '0.0.1-alpha', LATER, EARLIER), -1);
    assert.equal(compareVersions('v1', '0.0.0', LATER, EARLIER), -1);
  });

  it('ranks v-prefixed and bare spellings of one version equal, ignoring times', () => {
    assert.equal(compareVersions('v1.2.3', '1.2.3', LATER, EARLIER), 0);
  });

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
