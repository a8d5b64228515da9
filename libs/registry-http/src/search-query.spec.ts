import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeSearchCursor } from '@registry/application/search';
import { ProblemException } from '@registry/http-kit';
import { parseSearchQuery, searchPageBody } from './search-query';

function refusal(raw: Record<string, unknown>): { location: string; message: string } {
  try {
    parseSearchQuery(raw);
  } catch (error) {
    assert.ok(error instanceof ProblemException);
    assert.equal(error.problem.status, 422);
    assert.equal(error.problem.detail, 'validation failed');
    const [first] = error.problem.errors as Array<{ location: string; message: string }>;
    return first!;
  }
  throw new Error(`${JSON.stringify(raw)} was accepted`);
}

describe('search query parameters', () => {
  it('defaults: 30 latest versions, deleted ones hidden', () => {
    assert.deepEqual(parseSearchQuery({ q: ' acme/weather ' }), {
      words: ['acme', 'weather'],
      limit: 30,
      includeDeleted: false,
      versions: 'latest',
    });
  });

  it('takes limit, include_deleted, status, version and a cursor it made', () => {
    const after = { score: -2.5, name: 'a/b', version: '1.0.0' };
    assert.deepEqual(
      parseSearchQuery({
        q: 'x',
        limit: '5',
        include_deleted: 'T',
        status: 'deprecated',
        version: 'all',
        cursor: encodeSearchCursor(after),
      }),
      { words: ['x'], limit: 5, includeDeleted: true, versions: 'all', status: 'deprecated', after },
    );
    assert.equal(parseSearchQuery({ q: ['first', 'second'] }).words[0], 'first');
    assert.deepEqual(parseSearchQuery({ q: '?!' }).words, [], 'no words is no error');
  });

  it('refuses what it cannot take, naming the parameter', () => {
    assert.equal(refusal({}).location, 'query.q');
    assert.equal(refusal({ q: ' \t' }).location, 'query.q');
    assert.equal(refusal({ q: 'é'.repeat(201) }).message, 'expected length <= 200');
    assert.equal(parseSearchQuery({ q: 'é'.repeat(200) }).words.length, 1, 'characters, not bytes');
    assert.equal(refusal({ q: 'x', limit: '101' }).message, 'expected number <= 100');
    assert.equal(refusal({ q: 'x', limit: 'ten' }).message, 'invalid integer');
    assert.equal(refusal({ q: 'x', include_deleted: 'yes' }).message, 'invalid boolean');
    assert.equal(
      refusal({ q: 'x', status: 'gone' }).message,
      'expected value to be one of "active, deprecated, deleted"',
    );
    assert.equal(refusal({ q: 'x', version: '1.0.0' }).location, 'query.version');
    assert.equal(refusal({ q: 'x', cursor: 'a/b:1.0.0' }).location, 'query.cursor');
  });

  it('answers in the list endpoint’s shape', () => {
    assert.equal(searchPageBody(['{"a":1}'], undefined), '{"servers":[{"a":1}],"metadata":{"count":1}}');
    assert.equal(searchPageBody([], 'c'), '{"servers":[],"metadata":{"nextCursor":"c","count":0}}');
  });
});
