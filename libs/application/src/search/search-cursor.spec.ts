import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';

describe('search cursor', () => {
  it('carries a position through exactly, score bits included', () => {
    for (const position of [
      { score: -3.153302946824584, name: 'io.github.acme/weather', version: '1.0.0' },
      { score: 0.1 + 0.2, name: 'a/b', version: '2025.1.1+build/7' },
      { score: -1e-6, name: 'x/y:z', version: ':' },
    ]) {
      const cursor = encodeSearchCursor(position);
      assert.match(cursor, /^[A-Za-z0-9_-]+$/);
      assert.deepEqual(decodeSearchCursor(cursor), position);
    }
  });

  it('refuses anything it did not make', () => {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'io.github.x/y:1.0.0',
      'zzz',
      json([2, 1, 'a', 'b']),
      json([1, '1', 'a', 'b']),
      json([1, 1, 'a']),
      json({ score: 1, name: 'a', version: 'b' }),
      Buffer.from('[1,1e999,"a","b"]').toString('base64url'),
      '',
    ]) {
      assert.equal(decodeSearchCursor(cursor), undefined, cursor);
    }
  });
});
