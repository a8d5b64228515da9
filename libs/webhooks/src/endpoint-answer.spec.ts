import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { responseSnippet, retryAfterMs } from './endpoint-answer';

describe('responseSnippet', () => {
  it('keeps a short answer whole', () => {
    assert.equal(responseSnippet(Buffer.from('ok')), 'ok');
    assert.equal(responseSnippet(Buffer.from('é'.repeat(512))), 'é'.repeat(512));
  });

  it('cuts at 1 KB, before a multi-byte character that would be split', () => {
    // 1023 ASCII bytes, then a 3-byte character straddling the 1 KB mark.
    const text = `${'a'.repeat(1023)}€tail`;
    assert.equal(responseSnippet(Buffer.from(text)), 'a'.repeat(1023));
    const fourByte = `${'a'.repeat(1022)}😀tail`;
    assert.equal(responseSnippet(Buffer.from(fourByte)), 'a'.repeat(1022));
    const exact = `${'a'.repeat(1021)}€tail`;
    assert.equal(responseSnippet(Buffer.from(exact)), `${'a'.repeat(1021)}€`);
  });
});

describe('retryAfterMs', () => {
  const now = new Date('2025-03-01T12:00:00Z');

  it('reads delta-seconds', () => {
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs(' 0 ', now), 0);
  });

  it('reads HTTP-dates relative to the attempt end, never negative', () => {
    assert.equal(retryAfterMs('Sat, 01 Mar 2025 12:01:30 GMT', now), 90_000);
    assert.equal(retryAfterMs('Saturday, 01-Mar-25 12:00:10 GMT', now), 10_000);
    assert.equal(retryAfterMs('Sat Mar  1 12:00:05 2025', now), 5_000);
    assert.equal(retryAfterMs('Fri, 28 Feb 2025 12:00:00 GMT', now), 0);
  });

  it('ignores what it cannot read', () => {
    for (const value of [undefined, '', '-5', '1.5', 'soon', '2025-03-01T12:01:00Z', 'Sat, garbage GMT']) {
      assert.equal(retryAfterMs(value, now), undefined, String(value));
    }
  });
});
