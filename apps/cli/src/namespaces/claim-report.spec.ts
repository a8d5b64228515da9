import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimReport, claimTable, proofLines } from './claim-report';
import { ClaimView } from './namespace-api';

const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-02T00:00:00.000Z';

function claim(overrides: Partial<ClaimView>): ClaimView {
  return {
    id: 'c-1',
    namespace: 'com.example',
    method: 'dns',
    status: 'pending',
    reason: 'claimed: waiting for the proof',
    challenge: 'abc',
    proof: {
      type: 'TXT',
      name: '_mcp-registry-challenge.example.com',
      value: 'mcp-registry-verification=abc',
      covers: ['com.example/*', 'com.example.*/*'],
    },
    createdAt: T0,
    statusChangedAt: T0,
    keys: [],
    ...overrides,
  };
}

describe('claim report', () => {
  it('a claim in grace: when publishing stops, what the last check saw, what to restore, the keys', () => {
    const report = claimReport(
      claim({
        status: 'grace',
        reason: 'the proof is gone: no record',
        statusChangedAt: T1,
        graceEndsAt: '2025-01-09T00:00:00.000Z',
        verifiedAt: T0,
        diagnosis: {
          code: 'record-missing',
          message: 'No TXT record holds the challenge',
          checked: 'TXT _mcp-registry-challenge.example.com',
          expected: 'mcp-registry-verification=abc',
          seen: 'v=spf1 -all',
        },
        keys: [
          { id: 'k-1', name: 'ci', prefix: 'mcpr_abcd', createdAt: T0, lastUsedAt: T1 },
          {
            id: 'k-2',
            name: 'old laptop',
            prefix: 'mcpr_efgh',
            createdAt: T0,
            lastUsedAt: null,
            revokedAt: T1,
          },
        ],
      }),
    );
    assert.equal(
      report,
      [
        'Claim c-1',
        '  Namespace:   com.example (dns)',
        `  Status:      grace since ${T1}`,
        '  Reason:      the proof is gone: no record',
        '  Grace ends:  2025-01-09T00:00:00.000Z',
        `  Verified:    ${T0}`,
        'Publishing goes on until 2025-01-09T00:00:00.000Z; restore the proof before then.',
        '',
        'Last check failed: No TXT record holds the challenge (record-missing)',
        '  Checked:   TXT _mcp-registry-challenge.example.com',
        '  Expected:  mcp-registry-verification=abc',
        '  Seen:      v=spf1 -all',
        '',
        'Publish this DNS TXT record:',
        '  Name:   _mcp-registry-challenge.example.com',
        '  Type:   TXT',
        '  Value:  mcp-registry-verification=abc',
        'It proves: com.example/*, com.example.*/*',
        '',
        'Publisher keys:',
        `  k-1  ci          mcpr_abcd…  created ${T0}, last used ${T1}`,
        `  k-2  old laptop  mcpr_efgh…  created ${T0}, revoked ${T1}`,
        '',
      ].join('\n'),
    );
  });

  it('http and github proofs, and a method this CLI does not know, as the registry words them', () => {
    assert.deepEqual(
      proofLines(
        claim({
          method: 'http',
          proof: {
            url: 'https://example.com/.well-known/mcp-registry-verification',
            body: 'abc',
            covers: ['com.example/*'],
          },
        }),
      ),
      [
        'Serve this text over HTTPS (status 200) at:',
        '  URL:   https://example.com/.well-known/mcp-registry-verification',
        '  Body:  abc',
        'It proves: com.example/*',
      ],
    );
    assert.deepEqual(
      proofLines(
        claim({
          method: 'github',
          status: 'verified',
          proof: { account: 'acme', requirements: 'an Owner token', covers: ['io.github.acme/*'] },
        }),
      ),
      [
        'Keep the right role on GitHub account acme:',
        '  Needs:  an Owner token',
        'It proves: io.github.acme/*',
      ],
    );
    assert.deepEqual(proofLines(claim({ method: 'carrier-pigeon', proof: { url: 'coop://roof' } })), [
      'Proof:',
      '  url:  coop://roof',
    ]);
  });

  it('the list counts live keys only', () => {
    const table = claimTable([
      claim({
        keys: [
          { id: 'k-1', name: 'a', prefix: 'p', createdAt: T0, lastUsedAt: null },
          { id: 'k-2', name: 'b', prefix: 'p', createdAt: T0, lastUsedAt: null, revokedAt: T1 },
        ],
      }),
    ]);
    assert.equal(
      table,
      'ID   NAMESPACE    METHOD  STATUS   SINCE                     KEYS\n' +
        `c-1  com.example  dns     pending  ${T0}  1\n`,
    );
  });
});
