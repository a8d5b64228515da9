import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isReservedVersion, isVersionRange, trimGoSpace } from './version-range';

// The shapes of validators.go's range regexes and the versions of validators_test.go.
const TABLE: [string, boolean][] = [
  ['^1.2.3', true],
  ['~1.2.3', true],
  ['>=1.0.0', true],
  ['<=1.0.0', true],
  ['>1.0.0', true],
  ['<1.0.0', true],
  ['=1.0.0', true],
  ['>= 1.2.3', true],
  ['^1.0', true],
  ['~1', true],
  ['>=1', true],
  ['^v1.2.3-beta.1', true],
  ['1.2.3 - 2.0.0', true],
  ['1 - 2', true],
  ['1.2 || 1.3', true],
  ['1.x', true],
  ['1.*', true],
  ['1.2.x', true],
  ['1.2.X', true],
  ['1.2.*', true],
  ['x.x', true],
  ['*.1', true],
  ['1.2.3-xyz', true],
  ['1.0.0', false],
  ['1.2.3-alpha.1', false],
  ['2021.03.15', false],
  ['snapshot', false],
  ['snapshot - 2025.09', false],
  ['v1.2.3', false],
  ['*', false],
  ['x', false],
  ['', false],
  ['   ', false],
  ['latest', false],
  ['1.2.3-2.0.0', false],
];

describe('isVersionRange', () => {
  for (const [version, expected] of TABLE) {
    it(`${JSON.stringify(version)} → ${expected}`, () => assert.equal(isVersionRange(version), expected));
  }
});

describe('isReservedVersion', () => {
  it('reserves exactly "latest"', () => {
    assert.equal(isReservedVersion('latest'), true);
    assert.equal(isReservedVersion('Latest'), false);
    assert.equal(isReservedVersion(' latest'), false);
  });
});

describe('trimGoSpace', () => {
  it('trims what Go trims (U+0085 yes, U+FEFF no)', () => {
    assert.equal(trimGoSpace('\u0085 a \t'), 'a');
    assert.equal(trimGoSpace('\ufeffa'), '\ufeffa');
  });
});
