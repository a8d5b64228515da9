import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kafkaSecurityOptions } from './kafka-client';

describe('kafkaSecurityOptions', () => {
  it('leaves plain-text connections alone', () => {
    assert.deepEqual(kafkaSecurityOptions({ tls: false }), {});
  });

  it("verifies brokers against Node's CAs, or only against the configured bundle", () => {
    assert.deepEqual(kafkaSecurityOptions({ tls: true }), { ssl: true });
    assert.deepEqual(kafkaSecurityOptions({ tls: true, tlsCaPem: 'PEM' }), {
      ssl: { rejectUnauthorized: true, ca: ['PEM'] },
    });
  });

  it('passes each SASL mechanism with its credentials', () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      assert.deepEqual(
        kafkaSecurityOptions({ tls: true, sasl: { mechanism, username: 'u', password: 'p' } }),
        { ssl: true, sasl: { mechanism, username: 'u', password: 'p' } },
      );
    }
  });
});
