import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainProofMethod, proveDomain } from './domain-proof-exchange';
import { generateProofKeyPair, proofRecord, proofTimestamp, signProofTimestamp } from './proof-signer';

const NOW = new Date('2025-06-01T12:00:00Z');
const TIMESTAMP = proofTimestamp(NOW);

/** The official dns_test/http_test ExchangeToken tables, against a stub key source and a fixed clock. */
describe('proveDomain', () => {
  const pair = generateProofKeyPair('ed25519');
  const other = generateProofKeyPair('ed25519');
  const signature = signProofTimestamp(pair, TIMESTAMP);
  const cases: Array<{
    name: string;
    method?: DomainProofMethod;
    domain?: string;
    timestamp?: string;
    signed?: string;
    records?: string[] | Error;
    error?: string | RegExp;
  }> = [
    { name: 'successful authentication' },
    {
      name: 'multiple keys, one valid',
      records: ['v=MCPv1; k=ed25519; p=someNonsense', proofRecord(pair), proofRecord(other)],
    },
    { name: 'invalid domain format', domain: 'invalid..domain', error: 'invalid domain format' },
    {
      name: 'invalid timestamp format',
      timestamp: 'invalid-timestamp',
      error: /^invalid timestamp format: parsing time/,
    },
    {
      name: 'timestamp too old',
      timestamp: '2025-06-01T11:59:30Z',
      error: 'timestamp outside valid window (±15 seconds)',
    },
    {
      name: 'timestamp too far in the future',
      timestamp: '2025-06-01T12:00:30Z',
      error: 'timestamp outside valid window (±15 seconds)',
    },
    {
      name: 'invalid signature format',
      signed: 'invalid-hex',
      error: /^invalid signature format, must be hex: /,
    },
    { name: 'signature wrong length', signed: 'abcdef', error: 'invalid signature size for Ed25519' },
    {
      name: 'key fetch failure',
      records: new Error('failed to lookup DNS TXT records: boom'),
      error: 'failed to fetch keys: failed to lookup DNS TXT records: boom',
    },
    {
      name: 'no MCP TXT records',
      records: ['v=spf1 include:_spf.google.com ~all'],
      error: 'no MCP public key found in DNS TXT records',
    },
    {
      name: 'no key in the HTTP body',
      method: 'http',
      records: ['invalid key format'],
      error: 'no MCP public key found in HTTP response',
    },
    {
      name: 'invalid base64 key',
      records: ['v=MCPv1; k=ed25519; p=invalid-base64!!!'],
      error: 'failed to decode public key: illegal base64 data at input byte 4',
    },
    {
      name: 'only invalid keys',
      records: ['v=MCPv1; k=ed25519; p=AAAA', 'v=MCPv1; k=ed25519; p=BBBB'],
      error: 'no valid MCP public key found',
    },
    {
      name: 'signature verification failure',
      records: [proofRecord(other)],
      error: /^signature verification failed \(tried published key ed25519:/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const attempt = proveDomain(
        {
          domain: c.domain ?? 'example.com',
          timestamp: c.timestamp ?? TIMESTAMP,
          signed_timestamp: c.signed ?? signature,
        },
        c.method ?? 'dns',
        NOW,
        async () => {
          if (c.records instanceof Error) throw c.records;
          return c.records ?? [proofRecord(pair)];
        },
      );
      if (c.error === undefined) {
        const proven = await attempt;
        assert.deepEqual(
          proven.permissions.map((p) => p.resource),
          ['com.example/*', 'com.example.*'],
        );
      } else {
        await assert.rejects(attempt, { name: 'ProofError', message: c.error });
      }
    });
  }

  it('grants only the domain itself for an HTTP proof', async () => {
    const proven = await proveDomain(
      { domain: 'api.example.com', timestamp: TIMESTAMP, signed_timestamp: signature },
      'http',
      NOW,
      async () => [proofRecord(pair)],
    );
    assert.deepEqual(proven.permissions, [{ action: 'publish', resource: 'com.example.api/*' }]);
  });
});
