import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareGoSemver, isValidGoSemver, parseGoSemver } from './go-semver';

// The `tests` table of golang.org/x/mod/semver/semver_test.go: each input with its canonical form
// ('' = invalid), listed in increasing precedence, so TestIsValid and TestCompare run off it alone.
const TESTS: [input: string, canonical: string][] = [
  ['bad', ''],
  ['v1-alpha.beta.gamma', ''],
  ['v1-pre', ''],
  ['v1+meta', ''],
  ['v1-pre+meta', ''],
  ['v1.2-pre', ''],
  ['v1.2+meta', ''],
  ['v1.2-pre+meta', ''],
  ['v1.0.0-alpha', 'v1.0.0-alpha'],
  ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'],
  ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'],
  ['v1.0.0-beta', 'v1.0.0-beta'],
  ['v1.0.0-beta.2', 'v1.0.0-beta.2'],
  ['v1.0.0-beta.11', 'v1.0.0-beta.11'],
  ['v1.0.0-rc.1', 'v1.0.0-rc.1'],
  ['v1', 'v1.0.0'],
  ['v1.0', 'v1.0.0'],
  ['v1.0.0', 'v1.0.0'],
  ['v1.2', 'v1.2.0'],
  ['v1.2.0', 'v1.2.0'],
  ['v1.2.3-456', 'v1.2.3-456'],
  ['v1.2.3-456.789', 'v1.2.3-456.789'],
  ['v1.2.3-456-789', 'v1.2.3-456-789'],
  ['v1.2.3-456a', 'v1.2.3-456a'],
  ['v1.2.3-pre', 'v1.2.3-pre'],
  ['v1.2.3-pre+meta', 'v1.2.3-pre'],
  ['v1.2.3-pre.1', 'v1.2.3-pre.1'],
  ['v1.2.3-zzz', 'v1.2.3-zzz'],
  ['v1.2.3', 'v1.2.3'],
  ['v1.2.3+meta', 'v1.2.3'],
  ['v1.2.3+meta-pre', 'v1.2.3'],
  ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
];

describe('x/mod semver: TestIsValid', () => {
  for (const [input, canonical] of TESTS) {
    it(`${input} → ${canonical !== ''}`, () => assert.equal(isValidGoSemver(input), canonical !== ''));
  }
});

describe('x/mod semver: parse keeps the pieces Canonical is made of', () => {
  for (const [input, canonical] of TESTS) {
    if (canonical === '') continue;
    it(input, () => {
      const p = parseGoSemver(input)!;
      const withoutBuild = p.build === '' ? input : input.slice(0, input.length - p.build.length);
      assert.equal(withoutBuild + p.short, canonical);
    });
  }
});

describe('x/mod semver: TestCompare', () => {
  it('orders every pair of the table as listed (canonical equals compare equal)', () => {
    for (const [i, [vi, ci]] of TESTS.entries()) {
      for (const [j, [vj, cj]] of TESTS.entries()) {
        const want = ci === cj ? 0 : i < j ? -1 : +1;
        assert.equal(compareGoSemver(vi, vj), want, `Compare(${vi}, ${vj})`);
      }
    }
  });

  // The explicit pairs after the table. `v1.19` vs `v1.2` is numeric in released x/mod (19 > 2);
  // the code index's copy expects -1 because it is the unmerged golang/mod PR #6 (text order).
  const PAIRS: [v: string, w: string, want: number][] = [
    ['v1', 'v1', 0],
    ['v2', 'v1', 1],
    ['v1', 'v2', -1],
    ['v1.19', 'v1.2', 1],
  ];
  for (const [v, w, want] of PAIRS) {
    it(`Compare(${v}, ${w}) → ${want}`, () => assert.equal(compareGoSemver(v, w), want));
  }

  it('ignores build metadata (BenchmarkCompare pair)', () => {
    assert.equal(compareGoSemver('v1.0.0+metadata-dash', 'v1.0.0+metadata-dash1'), 0);
  });
});
