import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareSemver, isSemver } from './semver';

// TestIsSemanticVersion of the official internal/service/versioning_test.go (the x/mod/semver
// version of that file), table for table, in its order.
const IS_SEMANTIC_VERSION: [name: string, version: string, want: boolean][] = [
  // Valid semantic versions
  ['basic semver', '1.0.0', true],
  ['with patch', '1.2.3', true],
  ['with zeros', '0.0.0', true],
  ['large numbers', '100.200.300', true],
  ['with prerelease alpha', '1.0.0-alpha', true],
  ['with prerelease beta', '2.1.3-beta', true],
  ['with prerelease rc', '3.0.0-rc', true],
  ['with prerelease number', '1.0.0-1', true],
  ['with prerelease complex', '1.0.0-alpha.1', true],
  ['with prerelease dots', '1.0.0-beta.2.3', true],
  ['date format', '2021.11.15', true],
  ['with hyphen in prerelease', '1.0.0-pre-release', true],
  ['with v prefix', 'v1.0.0', true],

  // Invalid semantic versions
  ['empty string', '', false],
  ['single number', '1', false],
  ['two parts only', '1.0', false],
  ['four parts', '1.0.0.0', false],
  ['non-numeric major', 'a.0.0', false],
  ['non-numeric minor', '1.b.0', false],
  ['non-numeric patch', '1.0.c', false],
  ['empty prerelease', '1.0.0-', false],
  ['special chars in prerelease', '1.0.0-alpha@1', false],
  ['snapshot', 'snapshot', false],
  ['latest', 'latest', false],
  ['with leading zeros', '2021.03.05', false],
];

describe('isSemver: official TestIsSemanticVersion', () => {
  for (const [name, version, want] of IS_SEMANTIC_VERSION) {
    it(`${name}: ${JSON.stringify(version)} → ${want}`, () => assert.equal(isSemver(version), want));
  }
});

// Ours: the versions the rule was restated with, real ones from the 2025-12-18 snapshot, and the
// edges where x/mod's grammar and the three-part count decide.
const MORE: [version: string, want: boolean][] = [
  ['v17.1.5-2', true],
  ['0.1.56-beta-g9538a23d37', true],
  ['2025.11.26+pr150-394827a', true],
  ['1.0.0-alpha-beta', true],
  ['1.0.0+build', true],
  ['1.0.0-rc.1+build.5', true],
  ['1.0.0+build.01', true],
  ['1.0.0+meta-pre.sha.256a', true],
  ['1.0.0-0', true],
  ['1.0.0-0a', true],
  ['1.0.0-alpha.0valid', true],
  ['1.0.99999999999999999999', true],
  ['v1', false],
  ['v1.2', false],
  ['1.2+meta', false],
  ['1.0.0-01', false],
  ['1.0.0-alpha.01', false],
  ['01.0.0', false],
  ['1.+2.3', false],
  ['-1.0.0', false],
  ['1.0.0+', false],
  ['1.0.0+a..b', false],
  ['1.0.0-a..b', false],
  ['1.0.0-a.', false],
  ['1.0.0+a+b', false],
  ['vv1.0.0', false],
  ['V1.0.0', false],
  [' 1.0.0', false],
  ['1.0.0 ', false],
  ['v', false],
  ['1.0.0-é', false],
];

describe('isSemver: more cases', () => {
  for (const [version, want] of MORE) {
    it(`${JSON.stringify(version)} → ${want}`, () => assert.equal(isSemver(version), want));
  }
});

describe('compareSemver', () => {
  it('ranks with or without the v prefix alike and ignores build metadata', () => {
    assert.equal(compareSemver('v1.0.0', '1.0.0'), 0);
    assert.equal(compareSemver('1.0.0+build.1', '1.0.0+build.2'), 0);
    assert.equal(compareSemver('2025.11.26+pr150-394827a', '1.0.0'), 1);
    assert.equal(compareSemver('v17.1.5-2', '17.1.5'), -1);
    assert.equal(compareSemver('1.0.99999999999999999999', '1.0.99999999999999999998'), 1);
  });

  it('follows the semver.org §11 example chain', () => {
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    for (let i = 0; i + 1 < chain.length; i++) {
      assert.equal(compareSemver(chain[i]!, chain[i + 1]!), -1, `${chain[i]} < ${chain[i + 1]}`);
      assert.equal(compareSemver(chain[i + 1]!, chain[i]!), 1, `${chain[i + 1]} > ${chain[i]}`);
    }
  });

  it('refuses a version that is not semver', () => {
    assert.throws(() => compareSemver('snapshot', '1.0.0'), /needs two semantic versions/);
    assert.throws(() => compareSemver('1.0.0', 'v1'), /needs two semantic versions/);
  });
});
