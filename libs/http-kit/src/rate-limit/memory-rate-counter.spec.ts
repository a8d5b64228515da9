import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryRateCounter } from './memory-rate-counter';

describe('MemoryRateCounter', () => {
  it('counts a fixed window from the first request, then starts a new one', () => {
    let now = 1_000_000;
    const counter = new MemoryRateCounter(3, 60_000, () => now);
    assert.deepEqual(counter.count('a'), { remaining: 2, resetSeconds: 60, exceeded: false });
    now += 10_500;
    assert.deepEqual(counter.count('a'), { remaining: 1, resetSeconds: 50, exceeded: false });
    assert.deepEqual(counter.count('a'), { remaining: 0, resetSeconds: 50, exceeded: false });
    assert.deepEqual(counter.count('a'), { remaining: 0, resetSeconds: 50, exceeded: true });
    assert.deepEqual(
      counter.count('b'),
      { remaining: 2, resetSeconds: 60, exceeded: false },
      'its own budget',
    );
    now += 49_500;
    assert.deepEqual(counter.count('a'), { remaining: 2, resetSeconds: 60, exceeded: false }, 'a new window');
  });

  it('forgets expired windows first, then the oldest, never holding more clients than its bound', () => {
    let now = 0;
    const counter = new MemoryRateCounter(1, 1_000, () => now, 3);
    counter.count('a');
    counter.count('b');
    now = 500;
    counter.count('c');
    now = 1_200;
    counter.count('d');
    assert.equal(counter.size, 2, 'a and b had expired');
    counter.count('e');
    counter.count('f');
    assert.equal(counter.size, 3);
    assert.equal(counter.count('c').exceeded, false, 'c, the oldest, was forgotten: a fresh window');
  });
});
