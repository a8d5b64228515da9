import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

describe('logs, rate limits and proxies', () => {
  it('defaults: level and format left to the process, 180 requests a minute, no proxy trusted', () => {
    const c = loadConfig({});
    assert.deepEqual(c.log, { level: undefined, format: undefined });
    assert.equal(c.rateLimitPerMinute, 180);
    assert.equal(c.trustProxy, false);
  });

  it('reads every pino level and both formats; 0 turns the limits off', () => {
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const) {
      assert.equal(loadConfig({ MCP_REGISTRY_LOG_LEVEL: level }).log.level, level);
    }
    assert.equal(loadConfig({ MCP_REGISTRY_LOG_FORMAT: 'pretty' }).log.format, 'pretty');
    assert.equal(loadConfig({ MCP_REGISTRY_LOG_FORMAT: 'json' }).log.format, 'json');
    assert.equal(loadConfig({ MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute, 0);
    assert.equal(loadConfig({ MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: '5' }).rateLimitPerMinute, 5);
  });

  it('trusts no proxy, every proxy, a number of hops, or the listed proxies', () => {
    const trust = (value: string) => loadConfig({ MCP_REGISTRY_TRUST_PROXY: value }).trustProxy;
    assert.equal(trust('false'), false);
    assert.equal(trust('true'), true);
    assert.equal(trust('2'), 2);
    assert.deepEqual(trust('10.0.0.0/8, 192.168.1.7,loopback,fd00::/8'), [
      '10.0.0.0/8',
      '192.168.1.7',
      'loopback',
      'fd00::/8',
    ]);
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ MCP_REGISTRY_LOG_LEVEL: 'verbose' }, /^MCP_REGISTRY_LOG_LEVEL: expected one of "trace"/],
    [{ MCP_REGISTRY_LOG_FORMAT: 'text' }, /^MCP_REGISTRY_LOG_FORMAT: expected one of "json", "pretty"/],
    [{ MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: '-1' }, /^MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: expected a whole/],
    [{ MCP_REGISTRY_TRUST_PROXY: '0' }, /^MCP_REGISTRY_TRUST_PROXY: expected 1 to 32 proxy hops/],
    [{ MCP_REGISTRY_TRUST_PROXY: 'proxy.example' }, /^MCP_REGISTRY_TRUST_PROXY: expected true, false/],
    [{ MCP_REGISTRY_TRUST_PROXY: '10.0.0.0/33' }, /^MCP_REGISTRY_TRUST_PROXY: expected true, false/],
  ];
  for (const [env, message] of bad) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      );
    });
  }
});
