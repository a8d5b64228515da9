import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EntryRepository } from '@registry/application/entries/entry-repository';
import { EntryWriter } from '@registry/application/entries/entry-writer';
import {
  NamespaceCaller,
  NamespaceClaims,
  NamespaceRegistryRepository,
  NamespaceSettings,
  NamespaceStandings,
  NamespaceVerifier,
} from '@registry/application/namespaces';
import { JobQueue } from '@registry/application/ports';
import { DEFAULT_CLAIM_SCHEDULE, NAMESPACE_REGISTRY_STREAM } from '@registry/domain/namespace';
import { CompositeNamespaceProofChecker, GITHUB_PROOF_REQUIREMENTS } from '@registry/namespace-proof';
import { namespaceClaimPolicy } from '@registry/registry-runtime/namespace-infrastructure';
import { SqliteEventStore, SqliteReadModel } from '@registry/store-sqlite';
import { AesGcmSecretSealer } from '@registry/webhooks';
import { FakeDnsServer } from '@test/support/fakes/dns';

const SETTINGS: NamespaceSettings = {
  schedule: DEFAULT_CLAIM_SCHEDULE,
  limits: { maxClaimsPerOwner: 5, maxKeysPerClaim: 2 },
  sweepIntervalMs: 60_000,
  checkConcurrency: 2,
  githubRequirements: GITHUB_PROOF_REQUIREMENTS,
};
const ALICE: NamespaceCaller = { actor: { method: 'github-at', subject: 'alice' }, isAdmin: false };

/**
 * Checks of one claim that overlap (two verifier processes, a sweep's stale job, an owner's verify
 * beside the sweep) record one outcome, not two: against the real event store and a DNS server on
 * loopback. No job queue runs here: the sweep is not started, jobs are handed to checkNow directly.
 */
describe('namespace checks that overlap record one outcome', () => {
  const dns = new FakeDnsServer();
  const dir = mkdtempSync(join(tmpdir(), 'verifier-races-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  const readModel = new SqliteReadModel(join(dir, 'read.db'), 'io.github.test-registry');
  const repository = new NamespaceRegistryRepository(store);
  const clock = { now: () => new Date() };
  const ids = { newId: () => randomUUID() };
  let claims: NamespaceClaims;
  let verifier: NamespaceVerifier;

  before(async () => {
    await dns.start();
    const standings = new NamespaceStandings(
      repository,
      new EntryWriter(store, new EntryRepository(store)),
      readModel,
      clock,
      ids,
    );
    claims = new NamespaceClaims(
      repository,
      new CompositeNamespaceProofChecker({
        dnsResolvers: [dns.address],
        githubApiBaseUrl: 'http://127.0.0.1:9', // never asked: dns claims only
        allowPrivateAddresses: false,
      }),
      namespaceClaimPolicy,
      new AesGcmSecretSealer(randomBytes(32)),
      clock,
      ids,
      SETTINGS,
      standings,
    );
    // The queue is never used: the test plays the worker's part.
    verifier = new NamespaceVerifier({} as JobQueue, repository, claims, clock, SETTINGS, standings);
  });
  after(async () => {
    readModel.close();
    await store.close();
    await dns.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const checkEvents = async (): Promise<number> =>
    (await store.readStream(NAMESPACE_REGISTRY_STREAM)).filter((e) => e.type === 'namespace.claim-checked')
      .length;

  it('two checks started on the same state append one claim-checked event', async () => {
    const claim = await claims.claim(ALICE, { namespace: 'com.example', method: 'dns' });
    dns.setTxt('_mcp-registry-challenge.example.com', [`mcp-registry-verification=${claim.challenge}`]);
    const before = await checkEvents();
    const [a, b] = await Promise.all([claims.check(claim), claims.check(claim)]);
    assert.equal(a?.status, 'verified');
    assert.equal(b?.status, 'verified');
    assert.equal((await checkEvents()) - before, 1);
  });

  it('a job asked for before a later check does nothing; the job for the current state checks', async () => {
    const claim = await claims.claim(ALICE, { namespace: 'com.example.org', method: 'dns' });
    dns.setTxt('_mcp-registry-challenge.org.example.com', [`mcp-registry-verification=${claim.challenge}`]);
    const queriesBefore = dns.queries.length;
    const before = await checkEvents();
    await verifier.checkNow(claim.claimId, '2020-01-01T00:00:00.000Z');
    assert.equal(dns.queries.length, queriesBefore, 'a stale job asks no DNS');
    assert.equal(await checkEvents(), before);
    await verifier.checkNow(claim.claimId, null);
    assert.equal((await checkEvents()) - before, 1);
    assert.equal((await repository.current()).claims.get(claim.claimId)?.status, 'verified');
  });
});
