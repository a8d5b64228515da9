import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SubscriptionFilter } from './subscription-events';
import {
  FilterValidation,
  matchesFilter,
  matchesNameGlob,
  sameFilter,
  validateFilter,
} from './subscription-filter';

describe('matchesNameGlob', () => {
  const table: Array<[glob: string, name: string, expected: boolean]> = [
    ['io.github.me/tool', 'io.github.me/tool', true],
    ['io.github.me/tool', 'io.github.me/tools', false],
    ['io.github.me/*', 'io.github.me/tool', true],
    ['io.github.me/*', 'io.github.me/', true],
    ['io.github.me/*', 'io.github.mex/tool', false],
    ['*', 'anything/at-all', true],
    ['*', '', true],
    ['io.github.*', 'io.github.me/tool', true],
    ['*/tool', 'io.github.me/tool', true],
    ['*/tool', 'io.github.me/tool/x', false],
    ['io.*.me/*', 'io.github.me/tool', true],
    ['io.*.me/*', 'io.gitlab.you/tool', false],
    ['*a*b', 'xxaxxbxxb', true],
    ['*a*b', 'xxaxxbxxc', false],
    ['**', 'x', true],
    // `.` and `?` are literal: a glob is not a regular expression.
    ['io.github.me/t.ol', 'io.github.me/tool', false],
    ['io.github.me/t?ol', 'io.github.me/tool', false],
    ['io.github.me/(x)+', 'io.github.me/(x)+', true],
    ['io.github.me/[ab]', 'io.github.me/a', false],
    // Case-sensitive, like server names.
    ['io.github.Me/*', 'io.github.me/tool', false],
  ];
  for (const [glob, name, expected] of table) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${name}`, () => {
      assert.equal(matchesNameGlob(glob, name), expected);
    });
  }

  it('stays fast on globs that make a regular expression backtrack', () => {
    const glob = `${'*a'.repeat(40)}*b`;
    const name = 'a'.repeat(200);
    const started = process.hrtime.bigint();
    assert.equal(matchesNameGlob(glob, name), false);
    assert.ok(process.hrtime.bigint() - started < 1_000_000_000n, 'took more than a second');
  });
});

describe('matchesFilter', () => {
  const change = { name: 'io.github.me/tool', type: 'server.version.published' };
  const table: Array<[label: string, filter: SubscriptionFilter, expected: boolean]> = [
    ['an empty filter matches all', {}, true],
    ['empty lists match all', { names: [], types: [] }, true],
    ['a matching name', { names: ['io.github.other/*', 'io.github.me/*'] }, true],
    ['no matching name', { names: ['io.github.other/*'] }, false],
    ['a matching type', { types: ['server.version.published'] }, true],
    ['no matching type', { types: ['server.version.edited'] }, false],
    ['both must match', { names: ['io.github.me/*'], types: ['server.version.edited'] }, false],
    ['both match', { names: ['io.github.me/*'], types: ['server.version.published'] }, true],
  ];
  for (const [label, filter, expected] of table) {
    it(label, () => assert.equal(matchesFilter(filter, change), expected));
  }
});

describe('validateFilter', () => {
  const long = 'x'.repeat(201);
  const table: Array<[label: string, input: unknown, expected: FilterValidation]> = [
    ['absent means every change', undefined, { filter: {}, issues: [] }],
    ['an empty object', {}, { filter: {}, issues: [] }],
    ['empty lists are dropped', { names: [], types: [] }, { filter: {}, issues: [] }],
    [
      'duplicates are removed, order kept',
      { names: ['b/*', 'a/*', 'b/*'], types: ['server.version.edited', 'server.version.edited'] },
      { filter: { names: ['b/*', 'a/*'], types: ['server.version.edited'] }, issues: [] },
    ],
    ['null', null, { issues: [{ message: 'expected object', location: 'body.filter', value: null }] }],
    ['an array', [], { issues: [{ message: 'expected object', location: 'body.filter', value: [] }] }],
    [
      'an unknown key',
      { name: ['x'] },
      { issues: [{ message: 'unexpected property', location: 'body.filter.name' }] },
    ],
    [
      'names not an array',
      { names: 'io.github.me/*' },
      { issues: [{ message: 'expected array', location: 'body.filter.names', value: 'io.github.me/*' }] },
    ],
    [
      'a bad name glob, by index',
      { names: ['ok/*', '', 3, long] },
      {
        issues: [
          { message: 'expected length >= 1', location: 'body.filter.names[1]', value: '' },
          { message: 'expected string', location: 'body.filter.names[2]', value: 3 },
          { message: 'expected length <= 200', location: 'body.filter.names[3]', value: long },
        ],
      },
    ],
    [
      'an unknown type',
      { types: ['server.version.published', 'server.deleted'] },
      {
        issues: [
          {
            message:
              'expected value to be one of "server.version.published, server.version.status-changed, ' +
              'server.version.edited, server.latest-version.changed, server.version.ownership-checked, ' +
              'server.renamed, namespace.claim-status-changed"',
            location: 'body.filter.types[1]',
            value: 'server.deleted',
          },
        ],
      },
    ],
    [
      'types not an array',
      { types: 5 },
      { issues: [{ message: 'expected array', location: 'body.filter.types', value: 5 }] },
    ],
  ];
  for (const [label, input, expected] of table) {
    it(label, () => assert.deepEqual(validateFilter(input), expected));
  }

  it('allows 50 name globs and refuses 51', () => {
    const names = Array.from({ length: 51 }, (_, i) => `io.github.me/${i}`);
    assert.deepEqual(validateFilter({ names: names.slice(0, 50) }).issues, []);
    assert.deepEqual(validateFilter({ names }).issues, [
      { message: 'expected array length <= 50', location: 'body.filter.names', value: 51 },
    ]);
  });

  it('puts issues under the location it is given', () => {
    assert.equal(
      validateFilter({ types: [1] }, 'body.patch.filter').issues[0]?.location,
      'body.patch.filter.types[0]',
    );
  });
});

describe('sameFilter', () => {
  const table: Array<[a: SubscriptionFilter, b: SubscriptionFilter, expected: boolean]> = [
    [{}, {}, true],
    [{}, { names: [] }, true],
    [{ names: ['a', 'b'] }, { names: ['b', 'a', 'a'] }, true],
    [{ names: ['a'] }, { names: ['a', 'b'] }, false],
    [{ types: ['server.version.edited'] }, {}, false],
  ];
  for (const [a, b, expected] of table) {
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => assert.equal(sameFilter(a, b), expected));
  }
});
