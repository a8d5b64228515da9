import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareSemver, isSemver } from './semver';

// Ported from internal/service/versioning_test.go (TestIsSemanticVersion).
const IS_SEMVER: [string, boolean][] = [
  ['1.0.0', true],
  ['1.2.3', true],
  ['0.0.0', true],
  ['100.200.300', true],
  ['1.0.0-alpha', true],
  ['2.1.3-beta', true],
  ['3.0.0-rc', true],
  ['1.0.0-1', true],
  ['1.0.0-alpha.1', true],
  ['1.0.0-beta.2.3', true],
  ['2021.03.15', true],
  ['2021.03.05', true],
  ['', false],
  ['1', false],
  ['1.0', false],
  ['1.0.0.0', false],
  ['v1.0.0', false],
  ['a.0.0', false],
  ['1.b.0', false],
  ['1.0.c', false],
  ['1.0.0-', false],
  ['1.0.0-alpha-beta', false],
  ['1.0.0-alpha@1', false],
  ['snapshot', false],
  ['latest', false],
  ['1.0.0-pre-release', false],
  // Go's strconv.Atoi: a sign is accepted, int64 overflow is not.
  ['1.+2.3', true],
  ['1.0.99999999999999999999', false],
  // Build metadata is semver (the official snapshot's data shows it; see semver.ts).
  ['1.0.0+build', true],
  ['2025.11.26+pr150-394827a', true],
  ['1.0.0-rc.1+build.5', true],
  ['1.0.0+', false],
  ['1.0.0+a..b', false],
];

describe('isSemver', () => {
  for (const [version, expected] of IS_SEMVER) {
    it(`${JSON.stringify(version)} → ${expected}`, () => assert.equal(isSemver(version), expected));
  }
});

// Ported from versioning_test.go (TestCompareSemanticVersions), semver.org §11 precedence.
const COMPARE: [string, string, number][] = [
  ['1.0.0', '2.0.0', -1],
  ['2.0.0', '1.0.0', 1],
  ['1.0.0', '1.0.0', 0],
  ['1.1.0', '1.2.0', -1],
  ['1.2.0', '1.1.0', 1],
  ['1.2.0', '1.2.0', 0],
  ['1.0.1', '1.0.2', -1],
  ['1.0.2', '1.0.1', 1],
  ['1.0.1', '1.0.1', 0],
  ['1.9.9', '2.0.0', -1],
  ['2.0.0', '1.9.9', 1],
  ['1.10.0', '1.2.0', 1],
  ['1.0.0-alpha', '1.0.0', -1],
  ['2025.11.26+pr150-394827a', '1.0.0', 1],
  ['1.0.0+build.1', '1.0.0+build.2', 0],
  ['1.0.0', '1.0.0-alpha', 1],
  ['1.0.0-alpha', '1.0.0-beta', -1],
  ['1.0.0-beta', '1.0.0-alpha', 1],
  ['1.0.0-alpha', '1.0.0-alpha', 0],
  ['1.0.0-1', '1.0.0-2', -1],
  ['1.0.0-alpha.1', '1.0.0-alpha.2', -1],
  ['1.0.0-rc', '1.0.0-alpha', 1],
  ['1.0.0-alpha.10', '1.0.0-alpha.2', 1],
  ['1.0.0-alpha.2', '1.0.0-alpha.10', -1],
  ['1.0.0-beta.100', '1.0.0-beta.9', 1],
  ['1.0.0-1', '1.0.0-alpha', -1],
  ['1.0.0-alpha', '1.0.0-1', 1],
  ['1.0.0-alpha', '1.0.0-alpha.1', -1],
  ['1.0.0-alpha.1', '1.0.0-alpha', 1],
  ['1.0.0-alpha.1.beta', '1.0.0-alpha.1.2', 1],
  ['1.0.0-rc.1', '1.0.0-rc.10', -1],
  ['0.0.0', '0.0.1', -1],
  ['100.200.300', '100.200.301', -1],
  ['2021.03.15', '2021.3.16', -1],
];

describe('compareSemver', () => {
  for (const [a, b, expected] of COMPARE) {
    it(`${a} vs ${b} → ${expected}`, () => assert.equal(compareSemver(a, b), expected));
  }

  it('refuses a version that is not semver', () => {
    assert.throws(() => compareSemver('snapshot', '1.0.0'), /needs two semantic versions/);
  });
});
