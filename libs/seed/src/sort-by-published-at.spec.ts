import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeedEntry } from '@registry/application/registry-operations';
import { publishedAtKey, sortByPublishedAt } from './sort-by-published-at';

const entry = (name: string, publishedAt?: string): SeedEntry =>
  publishedAt === undefined ? { server: { name } } : { server: { name }, official: { publishedAt } };
const names = (entries: SeedEntry[]) => entries.map((e) => (e.server as { name: string }).name);

describe('sortByPublishedAt', () => {
  it('orders by publication time with microsecond precision', () => {
    const sorted = sortByPublishedAt([
      entry('c', '2025-09-09T00:16:49.16262Z'),
      entry('b', '2025-09-09T00:16:49.107843Z'),
      entry('a', '2025-09-08T23:47:09Z'),
    ]);
    assert.deepEqual(names(sorted), ['a', 'b', 'c']);
  });

  it('is stable for equal times and honours offsets', () => {
    const sorted = sortByPublishedAt([
      entry('first', '2025-01-01T10:00:00Z'),
      entry('earlier', '2025-01-01T11:00:00+02:00'),
      entry('second', '2025-01-01T10:00:00.000Z'),
    ]);
    assert.deepEqual(names(sorted), ['earlier', 'first', 'second']);
  });

  it('puts entries without a readable publishedAt last, in source order', () => {
    const sorted = sortByPublishedAt([
      entry('u1'),
      entry('late', '2025-02-01T00:00:00Z'),
      entry('u2', 'yesterday'),
      entry('early', '2025-01-01T00:00:00Z'),
      entry('u3'),
    ]);
    assert.deepEqual(names(sorted), ['early', 'late', 'u1', 'u2', 'u3']);
  });

  it('does not change its input', () => {
    const input = [entry('b', '2025-02-01T00:00:00Z'), entry('a', '2025-01-01T00:00:00Z')];
    sortByPublishedAt(input);
    assert.deepEqual(names(input), ['b', 'a']);
  });

  it('reads RFC 3339 keys', () => {
    assert.deepEqual(publishedAtKey('2025-01-01T00:00:01.5Z'), { seconds: 1735689601, nanos: 500_000_000 });
    assert.equal(publishedAtKey('2025-01-01'), undefined);
    assert.equal(publishedAtKey(17), undefined);
  });
});
