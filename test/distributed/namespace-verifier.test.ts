import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { namespaceCheckJobId } from '@registry/application/namespaces/namespace-settings';
import { NAMESPACE_REGISTRY_STREAM } from '@registry/domain/namespace';
import Database from 'better-sqlite3';
import { startPrivateRedis, TestRedis } from '@test/support/engines/redis';
import { FakeDnsServer } from '@test/support/fakes/dns';
import { anonymousToken } from '@test/support/federation-client';
import { NamespaceClaimsClient } from '@test/support/namespace-claims-client';
import { RegistryProcess } from '@test/support/registry-process';
import { TEST_JWT_KEY } from '@test/support/test-config';

const PREFIX = 'mcp-registry-verification=';

interface LoggedEvent {
  type: string;
  data: { claimId?: string; checkedAt?: string; outcome?: string; status?: string };
}

/** The namespace registry's stream as the shared event log holds it, read beside the running processes. */
function namespaceStream(dataDir: string): LoggedEvent[] {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[string], { type: string; data: string }>(
        'SELECT type, data FROM events WHERE stream_id = ? ORDER BY stream_version',
      )
      .all(NAMESPACE_REGISTRY_STREAM)
      .map((row) => ({ type: row.type, data: JSON.parse(row.data) as LoggedEvent['data'] }));
  } finally {
    db.close();
  }
}

/**
 * The check attempts the log records for a claim: each claim-checked event named by the job id its
 * check ran under (the claim and the check before it, as the verifier's sweep names the job).
 */
function checkAttempts(events: LoggedEvent[], claimId: string): string[] {
  let last: string | undefined;
  const attempts: string[] = [];
  for (const event of events) {
    if (event.type !== 'namespace.claim-checked' || event.data.claimId !== claimId) continue;
    attempts.push(namespaceCheckJobId(claimId, last));
    last = event.data.checkedAt;
  }
  return attempts;
}

/**
 * Distributed mode: the claim API (apps/registry-api) and the namespace verifier (apps/verifier) as
 * separate processes on one SQLite event log, the verifier's checks as BullMQ jobs on a private Redis
 * (one job per claim and due check). Namespace claims are read from the event log itself, not from the
 * read model, so neither Kafka nor a projector runs here. A kill -9 of the verifier while a check waits
 * on a silent name server loses no claim, and the check is not recorded twice.
 */
describe('distributed namespace verifier: claims through the API, checked by the verifier over BullMQ', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-namespace-verifier-'));
  const dns = new FakeDnsServer();
  let redis: TestRedis;
  let env: Record<string, string>;
  let api: RegistryProcess;
  let verifier: RegistryProcess;
  let alice: NamespaceClaimsClient;

  const logs = (): string => `verifier:\n${verifier.output()}\napi:\n${api.output()}`;

  before(async () => {
    await dns.start();
    // Private whatever REDIS_URL says: the queue names are fixed, and another test's verifier on a
    // shared Redis would take these checks with its own name server.
    redis = await startPrivateRedis();
    env = {
      MCP_REGISTRY_STORE: 'distributed',
      MCP_REGISTRY_EVENT_STORE: 'sqlite',
      MCP_REGISTRY_READ_MODEL: 'sqlite',
      MCP_REGISTRY_EVENT_BUS: 'log',
      MCP_REGISTRY_JOBS: 'bullmq',
      MCP_REGISTRY_DATA_DIR: dataDir,
      MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY,
      MCP_REGISTRY_META_NAMESPACE: 'io.github.test-registry',
      MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
      MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
      MCP_REGISTRY_DNS_RESOLVER: dns.address,
      MCP_REGISTRY_NAMESPACE_SWEEP_MS: '200',
      // A check that ran before the test published the record is retried at once, not in 30 s.
      MCP_REGISTRY_NAMESPACE_FIRST_RETRY_MS: '100',
      // Once verified, a claim is not due again within the test: every check it records is one attempt.
      MCP_REGISTRY_NAMESPACE_RECHECK_INTERVAL_MS: '3600000',
      REDIS_URL: redis.url,
    };
    [api, verifier] = await Promise.all([
      RegistryProcess.start(env, 60_000, 'registry-api'),
      RegistryProcess.start(env, 60_000, 'verifier'),
    ]);
    alice = new NamespaceClaimsClient(api.baseUrl, await anonymousToken(api.baseUrl));
  });

  after(async () => {
    await Promise.all([api, verifier].map((p) => p?.stop()));
    await redis?.stop();
    await dns.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('verifies, in the verifier process, a claim made through the API process', async () => {
    const claim = await alice.claim({ namespace: 'com.example', method: 'dns' });
    dns.setTxt('_mcp-registry-challenge.example.com', [`${PREFIX}${claim.challenge!}`]);
    await alice
      .untilStatus(claim.id, 'verified', 30_000)
      .catch((error: unknown) => assert.fail(`${String(error)}\n${logs()}`));

    // The verifier logs the change right after appending it, so its line may trail the API's answer.
    const transition = `namespace claim ${claim.id} (com.example): pending -> verified`;
    const deadline = Date.now() + 5_000;
    while (!verifier.output().includes(transition)) {
      if (Date.now() > deadline) assert.fail(`the verifier process did not check it:\n${logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(!api.output().includes(transition), 'the API process runs no verifier');
    const statuses = namespaceStream(dataDir)
      .filter((e) => e.type === 'namespace.claim-status-changed' && e.data.claimId === claim.id)
      .map((e) => e.data.status);
    assert.deepEqual(statuses, ['verified']);
  });

  it('loses no claim and records no check twice when the verifier is killed mid-check', async () => {
    const name = '_mcp-registry-challenge.example.org';
    // The name server keeps the first check waiting (5 s, the DNS timeout) so that it is in flight.
    dns.silent.add(name);
    const claim = await alice.claim({ namespace: 'org.example', method: 'dns' });
    const deadline = Date.now() + 30_000;
    while (!dns.queries.includes(name)) {
      if (Date.now() > deadline) assert.fail(`the verifier never asked for ${name}:\n${logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await verifier.kill9();
    const inFlight = await alice.get(claim.id);
    assert.equal(inFlight.status, 'pending');
    assert.equal(inFlight.lastCheckedAt, undefined, 'the killed check recorded nothing');

    // The name server answers now; a new verifier process takes over the same BullMQ job once the
    // dead worker's lock lapses (the sweep's enqueue of that job id is a no-op meanwhile).
    dns.silent.delete(name);
    dns.setTxt(name, [`${PREFIX}${claim.challenge!}`]);
    verifier = await RegistryProcess.start(env, 60_000, 'verifier');
    const verified = await alice
      .untilStatus(claim.id, 'verified', 60_000)
      .catch((error: unknown) => assert.fail(`${String(error)}\n${logs()}`));
    assert.equal(verified.diagnosis, undefined);

    // A few more sweeps: a second run of the job, had there been one, would show now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.deepEqual(
      (await alice.list()).map((c) => [c.namespace, c.status]),
      [
        ['com.example', 'verified'],
        ['org.example', 'verified'],
      ],
      'no claim lost',
    );
    const events = namespaceStream(dataDir);
    assert.deepEqual(checkAttempts(events, claim.id), [`${claim.id}.first`], 'one event for the one attempt');
    const checked = events.filter((e) => e.type === 'namespace.claim-checked' && e.data.claimId === claim.id);
    assert.deepEqual(
      checked.map((e) => e.data.outcome),
      ['proven'],
    );
    const statuses = events
      .filter((e) => e.type === 'namespace.claim-status-changed' && e.data.claimId === claim.id)
      .map((e) => e.data.status);
    assert.deepEqual(statuses, ['verified']);
    assert.equal(
      dns.queries.filter((q) => q === name).length,
      2,
      'two lookups: the killed check and its one rerun',
    );
  });
});
