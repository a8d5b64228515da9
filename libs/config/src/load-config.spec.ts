import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from './config-error';
import { loadConfig, parseListenAddress } from './load-config';

describe('loadConfig', () => {
  it('has working defaults: :8080, ./data, embedded, validation on, anonymous off', () => {
    const c = loadConfig({});
    assert.deepEqual(c.serverAddress, { host: '0.0.0.0', port: 8080 });
    assert.equal(c.dataDir, './data');
    assert.equal(c.store, 'embedded');
    assert.equal(c.enableRegistryValidation, true);
    assert.equal(c.enableAnonymousAuth, false);
    assert.equal(c.github.apiBaseUrl, 'https://api.github.com');
  });

  it('fetches http namespace proofs from https://<domain> unless a test points them elsewhere', () => {
    assert.equal(loadConfig({}).namespaces.httpProofBaseUrl, undefined);
    const template = 'http://127.0.0.1:8089/{domain}/';
    const c = loadConfig({ MCP_REGISTRY_NAMESPACE_HTTP_BASE_URL: template });
    assert.equal(c.namespaces.httpProofBaseUrl, 'http://127.0.0.1:8089/{domain}');
  });

  const addresses: Array<[string, { host: string; port: number }]> = [
    [':9000', { host: '0.0.0.0', port: 9000 }],
    ['127.0.0.1:9000', { host: '127.0.0.1', port: 9000 }],
    ['[::1]:9000', { host: '::1', port: 9000 }],
    ['localhost:1', { host: 'localhost', port: 1 }],
  ];
  for (const [raw, expected] of addresses) {
    it(`parses the listen address ${raw}`, () => assert.deepEqual(parseListenAddress('X', raw), expected));
  }

  // Each bad value names its variable in a one-line message.
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ MCP_REGISTRY_SERVER_ADDRESS: '9000' }, /^MCP_REGISTRY_SERVER_ADDRESS: expected/],
    [{ MCP_REGISTRY_SERVER_ADDRESS: ':70000' }, /^MCP_REGISTRY_SERVER_ADDRESS: port 70000/],
    [
      { MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'yesplease' },
      /^MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: expected true or false/,
    ],
    [{ MCP_REGISTRY_JWT_PRIVATE_KEY: 'abc' }, /^MCP_REGISTRY_JWT_PRIVATE_KEY: expected 64 hex/],
    [{ MCP_REGISTRY_GITHUB_API_URL: 'ftp://x' }, /^MCP_REGISTRY_GITHUB_API_URL: expected an http/],
    [
      { MCP_REGISTRY_NAMESPACE_HTTP_BASE_URL: 'ftp://{domain}' },
      /^MCP_REGISTRY_NAMESPACE_HTTP_BASE_URL: expected an http/,
    ],
    [{ MCP_REGISTRY_STORE: 'postgres' }, /^MCP_REGISTRY_STORE: expected "embedded" or "distributed"/],
    [{ MCP_REGISTRY_STORE: 'distributed' }, /^MONGODB_URI: required/],
    [
      { MCP_REGISTRY_READ_YOUR_WRITES_TIMEOUT_MS: '-1' },
      /^MCP_REGISTRY_READ_YOUR_WRITES_TIMEOUT_MS: expected a whole number/,
    ],
    [{ MCP_REGISTRY_OIDC_ENABLED: 'true' }, /^MCP_REGISTRY_OIDC_ISSUER: required/],
    [{ MCP_REGISTRY_OIDC_EXTRA_CLAIMS: '{"a":1}' }, /^MCP_REGISTRY_OIDC_EXTRA_CLAIMS: expected a JSON array/],
    [{ MCP_REGISTRY_OCI_REGISTRY_AUTH: 'ghcr.io' }, /^MCP_REGISTRY_OCI_REGISTRY_AUTH: expected host=value/],
    [
      { MCP_REGISTRY_META_NAMESPACE: 'not a namespace' },
      /^MCP_REGISTRY_META_NAMESPACE: expected a reverse-DNS/,
    ],
  ];
  for (const [env, message] of bad) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigError && message.test(e.message) && !e.message.includes('\n'),
      );
    });
  }
});

describe('adapter selection', () => {
  it('embedded uses SQLite, the log, in-process jobs; distributed uses MongoDB, Kafka, BullMQ', () => {
    assert.deepEqual(loadConfig({}).adapters, {
      eventStore: 'sqlite',
      readModel: 'sqlite',
      eventBus: 'log',
      jobs: 'in-process',
    });
    const d = loadConfig({
      MCP_REGISTRY_STORE: 'distributed',
      MCP_REGISTRY_JWT_PRIVATE_KEY: 'ab'.repeat(32),
      MONGODB_URI: 'mongodb://m/?replicaSet=rs0',
      KAFKA_BROKERS: 'k1:9092,k2:9092',
      REDIS_URL: 'redis://r:6379',
    });
    assert.deepEqual(d.adapters, {
      eventStore: 'mongodb',
      readModel: 'mongodb',
      eventBus: 'kafka',
      jobs: 'bullmq',
    });
    assert.deepEqual(d.distributed.kafkaBrokers, ['k1:9092', 'k2:9092']);
  });

  it('lets one port be overridden, and asks only for the engines in use', () => {
    const c = loadConfig({
      MCP_REGISTRY_STORE: 'distributed',
      MCP_REGISTRY_EVENT_STORE: 'sqlite',
      MCP_REGISTRY_READ_MODEL: 'sqlite',
      KAFKA_BROKERS: '127.0.0.1:9092',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    assert.deepEqual(c.adapters, {
      eventStore: 'sqlite',
      readModel: 'sqlite',
      eventBus: 'kafka',
      jobs: 'bullmq',
    });
    assert.throws(
      () => loadConfig({ MCP_REGISTRY_EVENT_BUS: 'kafka' }),
      /^ConfigError: KAFKA_BROKERS: required/,
    );
    assert.throws(() => loadConfig({ MCP_REGISTRY_JOBS: 'sidekiq' }), /MCP_REGISTRY_JOBS: expected one of/);
  });
});

describe('Kafka TLS and SASL', () => {
  const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const withCaFile = (text: string, run: (file: string) => void): void => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-ca-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), text);
      run(join(dir, 'ca.pem'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('connects in plain text without SASL unless told otherwise', () => {
    assert.deepEqual(loadConfig({}).distributed.kafkaSecurity, { tls: false });
    assert.deepEqual(loadConfig({ MCP_REGISTRY_KAFKA_TLS: 'true' }).distributed.kafkaSecurity, { tls: true });
  });

  it('reads the CA file once at start-up, which turns TLS on', () => {
    withCaFile(PEM, (file) => {
      assert.deepEqual(loadConfig({ MCP_REGISTRY_KAFKA_TLS_CA_FILE: file }).distributed.kafkaSecurity, {
        tls: true,
        tlsCaPem: PEM,
      });
      assert.throws(
        () => loadConfig({ MCP_REGISTRY_KAFKA_TLS_CA_FILE: file, MCP_REGISTRY_KAFKA_TLS: 'false' }),
        /^ConfigError: MCP_REGISTRY_KAFKA_TLS: is false, but MCP_REGISTRY_KAFKA_TLS_CA_FILE is set/,
      );
    });
    withCaFile('not a certificate', (file) =>
      assert.throws(
        () => loadConfig({ MCP_REGISTRY_KAFKA_TLS_CA_FILE: file }),
        /^ConfigError: MCP_REGISTRY_KAFKA_TLS_CA_FILE: .* holds no PEM certificate/,
      ),
    );
    assert.throws(
      () => loadConfig({ MCP_REGISTRY_KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem' }),
      /^ConfigError: MCP_REGISTRY_KAFKA_TLS_CA_FILE: cannot read \/nonexistent\/ca.pem/,
    );
  });

  it('takes a SASL mechanism with its username and password, and refuses half a setting', () => {
    assert.deepEqual(
      loadConfig({
        MCP_REGISTRY_KAFKA_TLS: 'true',
        MCP_REGISTRY_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        MCP_REGISTRY_KAFKA_SASL_USERNAME: 'registry',
        MCP_REGISTRY_KAFKA_SASL_PASSWORD: 's3cret',
      }).distributed.kafkaSecurity,
      { tls: true, sasl: { mechanism: 'scram-sha-512', username: 'registry', password: 's3cret' } },
    );
    assert.throws(
      () => loadConfig({ MCP_REGISTRY_KAFKA_SASL_MECHANISM: 'gssapi' }),
      /^ConfigError: MCP_REGISTRY_KAFKA_SASL_MECHANISM: expected one of plain, scram-sha-256, scram-sha-512, got "gssapi"/,
    );
    assert.throws(
      () => loadConfig({ MCP_REGISTRY_KAFKA_SASL_MECHANISM: 'plain', MCP_REGISTRY_KAFKA_SASL_PASSWORD: 'x' }),
      /^ConfigError: MCP_REGISTRY_KAFKA_SASL_USERNAME: required with SASL/,
    );
    assert.throws(
      () => loadConfig({ MCP_REGISTRY_KAFKA_SASL_MECHANISM: 'plain', MCP_REGISTRY_KAFKA_SASL_USERNAME: 'u' }),
      /^ConfigError: MCP_REGISTRY_KAFKA_SASL_PASSWORD: required with SASL/,
    );
    assert.throws(
      () => loadConfig({ MCP_REGISTRY_KAFKA_SASL_USERNAME: 'u', MCP_REGISTRY_KAFKA_SASL_PASSWORD: 'p' }),
      /^ConfigError: MCP_REGISTRY_KAFKA_SASL_MECHANISM: required when a SASL username or password is set/,
    );
  });
});
