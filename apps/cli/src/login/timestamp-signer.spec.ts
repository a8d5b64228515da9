import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { rfc3339Seconds, signTimestamp } from './timestamp-signer';

const NOW = new Date('2025-12-18T08:42:31.123Z');
// RFC 8032 test vector 1: this seed's public key is d75a9801…511a.
const ED25519_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const ED25519_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

describe('signTimestamp', () => {
  it('writes the timestamp as Go time.RFC3339 in UTC', () => {
    assert.equal(rfc3339Seconds(NOW), '2025-12-18T08:42:31Z');
  });

  it('signs with Ed25519 and names the public key of the seed', () => {
    const signed = signTimestamp(ED25519_SEED, 'ed25519', NOW);
    const publicKey = Buffer.from(ED25519_PUBLIC, 'hex');
    assert.equal(signed.timestamp, '2025-12-18T08:42:31Z');
    assert.equal(signed.proofRecord, `v=MCPv1; k=ed25519; p=${publicKey.toString('base64')}`);
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') },
      format: 'jwk',
    });
    assert.equal(signed.signedTimestampHex.length, 128);
    assert.ok(
      verify(null, Buffer.from(signed.timestamp), key, Buffer.from(signed.signedTimestampHex, 'hex')),
    );
  });

  it('signs with ECDSA P-384 as R || S and a compressed public key', () => {
    const d =
      '6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5';
    const signed = signTimestamp(d, 'ecdsap384', NOW);
    assert.equal(signed.signedTimestampHex.length, 192);
    const compressed = Buffer.from(signed.proofRecord.replace('v=MCPv1; k=ecdsap384; p=', ''), 'base64');
    assert.equal(compressed.length, 49);
    const key = createPublicKey({
      key: Buffer.concat([Buffer.from('3046301006072a8648ce3d020106052b81040022033200', 'hex'), compressed]),
      format: 'der',
      type: 'spki',
    });
    const ok = verify(
      'sha384',
      Buffer.from(signed.timestamp),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signed.signedTimestampHex, 'hex'),
    );
    assert.ok(ok);
  });

  it('refuses keys that are not hex or have the wrong length', () => {
    assert.throws(() => signTimestamp('xyz', 'ed25519', NOW), /must be hex/);
    assert.throws(() => signTimestamp('abcd', 'ed25519', NOW), /expected 32 bytes, got 2/);
    assert.throws(() => signTimestamp(ED25519_SEED, 'ecdsap384', NOW), /expected 48 bytes, got 32/);
  });
});
