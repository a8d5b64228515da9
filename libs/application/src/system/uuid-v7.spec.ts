import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uuidV7 } from './uuid-v7';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('makes RFC 9562 version 7 UUIDs carrying the millisecond they were made in', () => {
    const now = Date.parse('2026-12-05T10:00:00.123Z');
    const id = uuidV7(now);
    assert.match(id, V7);
    assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), now);
  });

  it('sorts in the order the ids were made, within a millisecond and past the counter running out', () => {
    const now = Date.parse('2030-01-01T00:00:00.000Z');
    const ids = Array.from({ length: 10_000 }, () => uuidV7(now));
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, V7);
    assert.deepEqual([...ids].sort(), ids);
    // A clock that steps back does not make an id sort before the ones already made.
    const after = uuidV7(now - 5_000);
    assert.ok(after > ids.at(-1)!);
  });
});
