import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TLSSocket, createServer } from 'node:tls';
import { createKafkaClient, kafkaSecurityOptions } from '@registry/bus-kafka';
import { loadConfig } from '@registry/config';

/**
 * The Kafka clients' TLS settings reach the wire: a TLS listener on loopback (not a Kafka: no TLS
 * Kafka can run here, and librdkafka's mock speaks plain TCP only) with a certificate from a test CA.
 * The client configured through MCP_REGISTRY_KAFKA_TLS_CA_FILE must complete the handshake and send
 * its first Kafka request (ApiVersions) inside it; with another CA it must refuse the broker.
 */

const API_VERSIONS = 18;

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A CA and a server certificate for localhost/127.0.0.1 signed by it; plus an unrelated CA. */
function makeCertificates(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=test-ca'],
    dir,
  );
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'other.key',
      '-out',
      'other.pem',
      '-days',
      '1',
      '-subj',
      '/CN=other-ca',
    ],
    dir,
  );
  openssl(['req', ...ec, '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'broker.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'broker.pem',
      '-days',
      '1',
      '-extfile',
      'san.ext',
    ],
    dir,
  );
}

const opensslMissing = ((): string | undefined => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return undefined;
  } catch {
    return 'openssl is not installed: it makes the test certificates (apt-get install openssl)';
  }
})();

describe('Kafka clients over TLS (MCP_REGISTRY_KAFKA_TLS_CA_FILE)', { skip: opensslMissing }, () => {
  let dir: string;
  let port: number;
  const server = createServer();
  /** First API key of each request received inside a completed handshake. */
  const requests: number[] = [];
  let handshakes = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'));
    makeCertificates(dir);
    server.setSecureContext({
      key: readFileSync(join(dir, 'broker.key')),
      cert: readFileSync(join(dir, 'broker.pem')),
    });
    server.on('secureConnection', (socket: TLSSocket) => {
      handshakes += 1;
      socket.once('data', (data: Buffer) => {
        // A Kafka request: int32 size, then int16 api_key.
        if (data.length >= 6) requests.push(data.readInt16BE(4));
        socket.destroy();
      });
      socket.on('error', () => undefined);
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  async function connectWith(env: Record<string, string>): Promise<unknown> {
    const security = loadConfig(env).distributed.kafkaSecurity;
    const kafka = createKafkaClient({
      brokers: [`localhost:${port}`],
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
      config: { ...kafkaSecurityOptions(security), connectionTimeout: 3_000, retry: { retries: 0 } },
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  it('trusts the configured CA and speaks Kafka inside the TLS session', async () => {
    const before = { handshakes, requests: requests.length };
    await connectWith({ MCP_REGISTRY_KAFKA_TLS_CA_FILE: join(dir, 'ca.pem') });
    assert.ok(handshakes > before.handshakes, 'the TLS handshake completed');
    assert.ok(requests.length > before.requests, 'a request arrived inside the session');
    assert.equal(requests.at(-1), API_VERSIONS);
  });

  it('refuses a broker whose certificate another CA signed, before sending anything', async () => {
    const before = { handshakes, requests: requests.length };
    const error = await connectWith({ MCP_REGISTRY_KAFKA_TLS_CA_FILE: join(dir, 'other.pem') });
    assert.ok(error instanceof Error, 'the connection failed');
    assert.equal(requests.length, before.requests, 'no request reached the broker');
    assert.equal(handshakes, before.handshakes, 'no handshake completed');
  });

  it('does not use TLS unless configured (the plain client cannot talk to a TLS broker)', async () => {
    const before = { handshakes, requests: requests.length };
    const error = await connectWith({});
    assert.ok(error instanceof Error, 'the connection failed');
    assert.equal(handshakes, before.handshakes, 'no handshake completed');
  });
});
