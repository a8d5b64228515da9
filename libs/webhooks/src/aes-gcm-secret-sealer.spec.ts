import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { AesGcmSecretSealer } from './aes-gcm-secret-sealer';

const masterKey = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);

function flipCharAt(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('AesGcmSecretSealer', () => {
  const sealer = new AesGcmSecretSealer(masterKey);

  it('makes Standard Webhooks secrets of 32 random bytes the reference library accepts', () => {
    const secret = sealer.newSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(secret.slice('whsec_'.length), 'base64').length, 32);
    assert.notEqual(sealer.newSecret(), secret);
    assert.match(new Webhook(secret).sign('msg_1', new Date(0), '{}'), /^v1,/);
  });

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const secret = sealer.newSecret();
    const first = sealer.seal(secret);
    const second = sealer.seal(secret);
    assert.match(first.sealed, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    assert.notEqual(first.sealed, second.sealed);
    assert.ok(!first.sealed.includes(secret.slice(6, 20)), 'the secret must not appear in the sealed text');
    assert.equal(sealer.open(first), secret);
    assert.equal(sealer.open(second), secret);
  });

  it('opens across instances built from the same master key (any worker of the fleet signs)', () => {
    const sealed = sealer.seal('whsec_c2hhcmVk');
    assert.equal(new AesGcmSecretSealer(Buffer.alloc(32, 7)).open(sealed), 'whsec_c2hhcmVk');
  });

  it('refuses to open under another key with a clear error', () => {
    const sealed = sealer.seal(sealer.newSecret());
    assert.throws(() => new AesGcmSecretSealer(otherKey).open(sealed), /sealed under another key/);
  });

  it('refuses altered ciphertext, iv or key id', () => {
    const { sealed } = sealer.seal(sealer.newSecret());
    const [version, keyId, iv, data] = sealed.split('.');
    const alteredData = [version, keyId, iv, flipCharAt(data, 3)].join('.');
    assert.throws(() => sealer.open({ sealed: alteredData }), /altered/);
    const alteredIv = [version, keyId, flipCharAt(iv, 2), data].join('.');
    assert.throws(() => sealer.open({ sealed: alteredIv }), /altered/);
    assert.throws(
      () => sealer.open({ sealed: [version, keyId, iv, data.slice(0, 10)].join('.') }),
      /altered/,
    );
    assert.throws(
      () => sealer.open({ sealed: [version, flipCharAt(keyId, 0), iv, data].join('.') }),
      /another key/,
    );
  });

  it('refuses unknown formats', () => {
    for (const sealed of ['', 'whsec_plain', 'v2.a.b.c', 'v1.a.b']) {
      assert.throws(() => sealer.open({ sealed }), /unknown format/, sealed);
    }
  });

  it('refuses a master key shorter than 32 bytes', () => {
    assert.throws(() => new AesGcmSecretSealer(Buffer.alloc(16)), /at least 32 bytes/);
  });
});
