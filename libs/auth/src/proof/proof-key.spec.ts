import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ProofKeyAlgorithm,
  parseProofRecords,
  proofKeyFingerprint,
  verifyWithPublishedKeys,
} from './proof-key';
import {
  generateProofKeyPair,
  proofKeyPairFromHex,
  proofRecord,
  publishedPublicKey,
  signProofTimestamp,
} from './proof-signer';

const TIMESTAMP = '2025-06-01T12:00:00Z';
const message = Buffer.from(TIMESTAMP);
const ALGORITHMS: ProofKeyAlgorithm[] = ['ed25519', 'ecdsap384'];

describe('proof records', () => {
  const ed = generateProofKeyPair('ed25519');
  const edKey = publishedPublicKey(ed).toString('base64');
  const cases: Array<[string, string[], Array<string | undefined>]> = [
    // name, records, per parsed record: undefined for a valid key or the error text
    ['a well-formed record', [`v=MCPv1; k=ed25519; p=${edKey}`], [undefined]],
    ['no spaces after semicolons', [`v=MCPv1;k=ed25519;p=${edKey}`], [undefined]],
    ['a record inside other text', [`prefix v=MCPv1; k=ed25519; p=${edKey} suffix`], [undefined]],
    [
      'unrelated TXT records are ignored',
      ['v=spf1 include:_spf.google.com ~all', 'google-site-verification=x'],
      [],
    ],
    [
      'invalid base64',
      ['v=MCPv1; k=ed25519; p=invalid-base64!!!'],
      ['failed to decode public key: illegal base64 data at input byte 4'],
    ],
    [
      'bad padding',
      ['v=MCPv1; k=ed25519; p=AB=C'],
      ['failed to decode public key: illegal base64 data at input byte 2'],
    ],
    [
      'short Ed25519 key',
      [`v=MCPv1; k=ed25519; p=${Buffer.from('short').toString('base64')}`],
      ['invalid Ed25519 public key size'],
    ],
    [
      'short P-384 key',
      [`v=MCPv1; k=ecdsap384; p=${Buffer.from('short').toString('base64')}`],
      ['invalid ECDSA P-384 public key size'],
    ],
    [
      'uncompressed-prefix P-384 key',
      [`v=MCPv1; k=ecdsap384; p=${Buffer.concat([Buffer.from([4]), Buffer.alloc(48)]).toString('base64')}`],
      ['invalid ECDSA P-384 public key format (must be compressed, with a leading 0x02 or 0x03 byte)'],
    ],
    [
      'P-384 point off the curve',
      [
        `v=MCPv1; k=ecdsap384; p=${Buffer.concat([Buffer.from([2]), Buffer.alloc(48, 0xff)]).toString('base64')}`,
      ],
      ['failed to decompress ECDSA P-384 public key'],
    ],
    ['unknown algorithm', [`v=MCPv1; k=rsa; p=${edKey}`], ['unsupported public key algorithm: rsa']],
    [
      'mixed records',
      ['v=MCPv1; k=ed25519; p=someNonsense', `v=MCPv1; k=ed25519; p=${edKey}`],
      ['invalid Ed25519 public key size', undefined],
    ],
  ];
  for (const [name, records, expected] of cases) {
    it(name, () => {
      const parsed = parseProofRecords(records);
      assert.deepEqual(
        parsed.map((p) => p.error?.message),
        expected,
      );
    });
  }
});

describe('proof signatures', () => {
  for (const algorithm of ALGORITHMS) {
    it(`verifies a ${algorithm} signature made as the publisher CLI makes it`, () => {
      const pair = generateProofKeyPair(algorithm);
      const [parsed] = parseProofRecords([proofRecord(pair)]);
      const signature = Buffer.from(signProofTimestamp(pair, TIMESTAMP), 'hex');
      assert.equal(signature.length, algorithm === 'ed25519' ? 64 : 96);
      verifyWithPublishedKeys([parsed!.key!], message, signature);
    });
  }

  it('accepts keys given as the CLI private key hex', () => {
    const ed = proofKeyPairFromHex(
      'ed25519',
      '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    );
    assert.equal(
      publishedPublicKey(ed).toString('hex'),
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
    const ec = proofKeyPairFromHex('ecdsap384', '11'.repeat(48));
    const [parsed] = parseProofRecords([proofRecord(ec)]);
    verifyWithPublishedKeys([parsed!.key!], message, Buffer.from(signProofTimestamp(ec, TIMESTAMP), 'hex'));
  });

  it('tries every published key, whatever their algorithms', () => {
    const ed = generateProofKeyPair('ed25519');
    const ec = generateProofKeyPair('ecdsap384');
    const keys = parseProofRecords([proofRecord(ed), proofRecord(ec)]).map((p) => p.key!);
    verifyWithPublishedKeys(keys, message, Buffer.from(signProofTimestamp(ec, TIMESTAMP), 'hex'));
  });

  it('names the stale key when the only published key did not sign', () => {
    const published = generateProofKeyPair('ed25519');
    const [key] = parseProofRecords([proofRecord(published)]).map((p) => p.key!);
    const signature = Buffer.from(signProofTimestamp(generateProofKeyPair('ed25519'), TIMESTAMP), 'hex');
    assert.throws(() => verifyWithPublishedKeys([key!], message, signature), {
      message:
        `signature verification failed (tried published key ed25519:${publishedPublicKey(published).toString('base64').slice(0, 8)}); ` +
        'if this is not the key you are signing with, the published record may be stale',
    });
  });

  it('lists every fingerprint when several keys mismatch', () => {
    const keys = parseProofRecords([
      proofRecord(generateProofKeyPair('ed25519')),
      proofRecord(generateProofKeyPair('ed25519')),
    ]).map((p) => p.key!);
    const signature = Buffer.from(signProofTimestamp(generateProofKeyPair('ed25519'), TIMESTAMP), 'hex');
    assert.throws(() => verifyWithPublishedKeys(keys, message, signature), {
      message:
        `signature verification failed against all 2 published keys (tried: ${keys.map(proofKeyFingerprint).join(', ')}); ` +
        'if you recently rotated keys, remove any stale records from the apex domain',
    });
  });

  const sizeCases: Array<[ProofKeyAlgorithm, string]> = [
    ['ed25519', 'invalid signature size for Ed25519'],
    ['ecdsap384', 'invalid signature size for ECDSA P-384'],
  ];
  for (const [algorithm, text] of sizeCases) {
    it(`reports a ${algorithm} signature of the wrong size`, () => {
      const [key] = parseProofRecords([proofRecord(generateProofKeyPair(algorithm))]).map((p) => p.key!);
      assert.throws(() => verifyWithPublishedKeys([key!], message, Buffer.from('abcdef', 'hex')), {
        message: text,
      });
    });
  }
});
