import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProblemException } from '@registry/http-kit';
import { parseIncludeDeleted, parseListQuery } from './list-query';

/** What huma answers for an unparsable query parameter: 422 "validation failed" with one error. */
function assertRefused(parse: () => unknown, error: { message: string; location: string; value: unknown }) {
  assert.throws(parse, (thrown: unknown) => {
    assert.ok(thrown instanceof ProblemException);
    assert.equal(thrown.problem.status, 422);
    assert.equal(thrown.problem.detail, 'validation failed');
    assert.deepEqual(thrown.problem.errors, [error]);
    return true;
  });
}

// Go's strconv.ParseBool, which huma uses for boolean parameters: exactly these spellings.
const BOOLEANS: [string, boolean][] = [
  ['1', true],
  ['t', true],
  ['T', true],
  ['TRUE', true],
  ['true', true],
  ['True', true],
  ['0', false],
  ['f', false],
  ['F', false],
  ['FALSE', false],
  ['false', false],
  ['False', false],
];
const NOT_BOOLEANS = ['yes', 'no', 'on', 'tRUE', 'FaLsE', '2', '-1', ' true', 'true ', 'y'];

describe('include_deleted, parsed as Go strconv.ParseBool', () => {
  for (const [raw, expected] of BOOLEANS) {
    it(`include_deleted=${raw} is ${expected}`, () => {
      assert.equal(parseListQuery({ include_deleted: raw }).includeDeleted, expected);
      assert.equal(parseIncludeDeleted(raw), expected);
    });
  }

  for (const raw of NOT_BOOLEANS) {
    it(`include_deleted=${JSON.stringify(raw)} is refused`, () => {
      const error = { message: 'invalid boolean', location: 'query.include_deleted', value: raw };
      assertRefused(() => parseListQuery({ include_deleted: raw }), error);
      assertRefused(() => parseIncludeDeleted(raw), error);
    });
  }

  it('an empty value is absent: false', () => {
    assert.equal(parseListQuery({ include_deleted: '' }).includeDeleted, false);
    assert.equal(parseIncludeDeleted(''), false);
    assert.equal(parseIncludeDeleted(undefined), false);
  });

  for (const raw of ['0', 'f', 'F', 'FALSE', 'False']) {
    it(`include_deleted=${raw} with updated_since is the official 400`, () => {
      assert.throws(
        () => parseListQuery({ include_deleted: raw, updated_since: '2025-01-01T00:00:00Z' }),
        (thrown: unknown) => thrown instanceof ProblemException && thrown.problem.status === 400,
      );
    });
  }

  for (const raw of ['1', 't', 'TRUE']) {
    it(`include_deleted=${raw} with updated_since is accepted`, () => {
      assert.equal(
        parseListQuery({ include_deleted: raw, updated_since: '2025-01-01T00:00:00Z' }).includeDeleted,
        true,
      );
    });
  }
});

// huma parses integers with strconv.ParseInt(value, 10, 64): an optional sign, then decimal digits.
describe('limit, parsed as Go strconv.ParseInt', () => {
  const accepted: [string, number][] = [
    ['5', 5],
    ['+5', 5],
    ['005', 5],
    ['+100', 100],
    ['', 30],
  ];
  for (const [raw, expected] of accepted) {
    it(`limit=${JSON.stringify(raw)} is ${expected}`, () => {
      assert.equal(parseListQuery({ limit: raw }).limit, expected);
    });
  }

  const invalid = ['abc', '1.5', '++5', '+-5', '+', '-', ' 5', '5 ', '0x10', '1e2', '1_0'];
  for (const raw of invalid) {
    it(`limit=${JSON.stringify(raw)} is an invalid integer`, () => {
      assertRefused(() => parseListQuery({ limit: raw }), {
        message: 'invalid integer',
        location: 'query.limit',
        value: raw,
      });
    });
  }

  const outOfRange: [string, string, number][] = [
    ['0', 'expected number >= 1', 0],
    ['+0', 'expected number >= 1', 0],
    ['-5', 'expected number >= 1', -5],
    ['101', 'expected number <= 100', 101],
    ['+101', 'expected number <= 100', 101],
  ];
  for (const [raw, message, value] of outOfRange) {
    it(`limit=${raw}: ${message}`, () => {
      assertRefused(() => parseListQuery({ limit: raw }), { message, location: 'query.limit', value });
    });
  }
});
