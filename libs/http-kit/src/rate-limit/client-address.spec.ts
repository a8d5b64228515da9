import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rateLimitClientOf } from './client-address';

describe('rateLimitClientOf', () => {
  it('counts IPv4 clients by address, mapped ones too', () => {
    assert.equal(rateLimitClientOf('203.0.113.7'), '203.0.113.7');
    assert.equal(rateLimitClientOf('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(rateLimitClientOf('::FFFF:127.0.0.1'), '127.0.0.1');
  });

  it('counts IPv6 clients by their /64, however the address is written', () => {
    const one = '2001:db8:85a3:8d3::/64';
    for (const ip of [
      '2001:db8:85a3:8d3:1319:8a2e:370:7348',
      '2001:0DB8:85A3:08D3:0000:0000:0000:0001',
      '2001:db8:85a3:8d3::1',
      '2001:db8:85a3:8d3::',
      '2001:db8:85a3:8d3::1.2.3.4',
      '2001:db8:85a3:8d3::9%eth0',
    ]) {
      assert.equal(rateLimitClientOf(ip), one, ip);
    }
    assert.equal(rateLimitClientOf('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(rateLimitClientOf('::1'), '0:0:0:0::/64');
    assert.notEqual(rateLimitClientOf('2001:db8:85a3:8d4::1'), one);
  });
});
