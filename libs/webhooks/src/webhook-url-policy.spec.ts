import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkWebhookUrl } from './webhook-url-policy';

describe('checkWebhookUrl', () => {
  it('accepts public https URLs', () => {
    for (const url of [
      'https://sub.example.com/hooks',
      'https://example.com:8443/a/b?token=x',
      'https://93.184.215.14/hooks',
      'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hooks',
      'https://example.com./hooks',
    ]) {
      assert.equal(checkWebhookUrl(url, false), undefined, url);
    }
  });

  const refused: Array<[string, RegExp]> = [
    ['http://example.com/hooks', /must use https/],
    ['ftp://example.com/hooks', /must use https/],
    ['not a url', /not a valid URL/],
    ['https://user:pass@example.com/hooks', /credentials/],
    ['https://token@example.com/hooks', /credentials/],
    ['https://127.0.0.1/hooks', /loopback/],
    ['https://2130706433/hooks', /loopback/],
    ['https://[::1]/hooks', /loopback/],
    ['https://[::ffff:10.0.0.1]/hooks', /private/],
    ['https://10.1.2.3/hooks', /private/],
    ['https://192.168.1.1/hooks', /private/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['https://[fe80::1]/hooks', /link-local/],
    ['https://0.0.0.0/hooks', /unspecified/],
    ['https://localhost/hooks', /local name/],
    ['https://api.localhost/hooks', /local name/],
    ['https://metadata.google.internal/computeMetadata/v1/', /local name/],
    ['https://printer.local/hooks', /local name/],
    ['https://intranet/hooks', /fully qualified/],
    [`https://example.com/${'a'.repeat(2048)}`, /longer than 2048/],
  ];
  for (const [url, reason] of refused) {
    it(`refuses ${url.slice(0, 60)}`, () => {
      assert.match(checkWebhookUrl(url, false) ?? 'accepted', reason);
    });
  }

  it('allows http and local addresses when private addresses are allowed (tests, development)', () => {
    assert.equal(checkWebhookUrl('http://127.0.0.1:8080/hooks', true), undefined);
    assert.equal(checkWebhookUrl('http://localhost:8080/hooks', true), undefined);
    assert.equal(checkWebhookUrl('https://10.0.0.1/hooks', true), undefined);
    assert.match(checkWebhookUrl('ftp://127.0.0.1/hooks', true) ?? '', /http or https/);
    assert.match(checkWebhookUrl('http://u:p@127.0.0.1/hooks', true) ?? '', /credentials/);
  });
});
