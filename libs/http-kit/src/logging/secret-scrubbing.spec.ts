import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scrubSecrets } from './secret-scrubbing';

const JWT =
  'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJtY3AtcmVnaXN0cnkiLCJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('scrubSecrets', () => {
  const cases: Array<[string, string, string]> = [
    ['a bearer header', 'Authorization: Bearer abc.def.ghi', 'abc.def.ghi'],
    ['a registry token', `token ${JWT} refused`, JWT],
    [
      'a webhook secret',
      'secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw= rotated',
      'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw=',
    ],
    [
      'a publisher key',
      'key mcpr_Z3mH8x_Wq-e1v9LkPp0aa2bb3cc4dd5ee6ff7gg8hh9 used',
      'Z3mH8x_Wq-e1v9LkPp0aa2bb3cc4dd5ee6ff7gg8hh9',
    ],
    [
      'a classic GitHub token',
      'github said no to ghp_16C7e42F292c6912E7710c838347Ae178B4a',
      'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
    ],
    [
      'a fine-grained GitHub token',
      'github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789',
      'github_pat_11ABCDEFG',
    ],
    ['a password in a URL', 'connect redis://:s3cr3t@redis:6379 failed', 's3cr3t'],
    ['a user and password in a URL', 'mongodb://admin:hunter2@mongo:27017/?replicaSet=rs0', 'hunter2'],
    ['a JSON field', '{"registry_token":"opaque-value","expires_at":1}', 'opaque-value'],
    [
      'a githubToken field',
      '{"namespace":"io.github.acme","githubToken":"plain-token-value"}',
      'plain-token-value',
    ],
    ['a form field', 'client_secret=abc123&code=x', 'abc123'],
  ];
  for (const [what, text, secret] of cases) {
    it(`removes ${what}`, () => {
      const scrubbed = scrubSecrets(text);
      assert.ok(!scrubbed.includes(secret), scrubbed);
      assert.match(scrubbed, /redacted/);
    });
  }

  it('leaves ordinary messages alone', () => {
    for (const text of [
      'listening on 127.0.0.1:8080',
      'namespace claim 0193 (com.example): pending -> verified',
      'engines: event store sqlite, read model sqlite, bus log, jobs in-process',
      'GET /v0.1/servers/io.github.acme%2Fweather/versions/latest -> 500: disk I/O error',
    ]) {
      assert.equal(scrubSecrets(text), text);
    }
  });
});
