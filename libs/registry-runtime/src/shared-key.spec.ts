import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '@registry/config';
import { RegistryRole } from './registry-engines';
import { requireSharedKey } from './registry-runtime';

const fleet = {
  MCP_REGISTRY_STORE: 'distributed',
  MONGODB_URI: 'mongodb://m/?replicaSet=rs0',
  KAFKA_BROKERS: 'k:9092',
  REDIS_URL: 'redis://r:6379',
};

describe('the shared registry key in a fleet', () => {
  // Each row: environment, the process's roles -> whether start-up is refused for want of the key.
  const table: Array<[string, Record<string, string>, RegistryRole[], boolean]> = [
    ['registry-api without the key', fleet, ['api'], true],
    ['federation without the key (it opens webhook secrets)', fleet, ['federation'], true],
    ['projector without the key', fleet, ['projector', 'relay'], false],
    ['verifier without the key (it opens the GitHub tokens of namespace claims)', fleet, ['verifier'], true],
    [
      'registry-api with the key',
      { ...fleet, MCP_REGISTRY_JWT_PRIVATE_KEY: 'ab'.repeat(32) },
      ['api'],
      false,
    ],
    ['the embedded store generates and keeps its own', {}, ['api', 'federation'], false],
  ];
  for (const [label, env, roles, refused] of table) {
    it(label, () => {
      const check = () => requireSharedKey(loadConfig(env), new Set(roles));
      if (refused)
        assert.throws(check, (e: unknown) => e instanceof ConfigError && /JWT_PRIVATE_KEY/.test(e.message));
      else assert.doesNotThrow(check);
    });
  }
});
