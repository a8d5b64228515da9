import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchSettings } from './bench-settings';
import { runBenchmark } from './run';

// Only that the harness runs end to end and produces numbers: no timing is asserted, ever.
describe('benchmark harness (smoke)', () => {
  it('measures a tiny dataset for a moment and reports every row', { timeout: 90_000 }, async () => {
    const settings = {
      ...benchSettings({}),
      servers: 20,
      readConnections: 4,
      publishConnections: 4,
      warmupSeconds: 0.2,
      seconds: 0.5,
      rounds: 1,
      distinctUrls: 10,
      only: ['list-30', 'publish', 'reads-under-publish', 'federation'],
      federation: {
        subscriptions: 3,
        receiverPorts: 2,
        rate: 5,
        seconds: 1,
        drainSeconds: 10,
        settleSeconds: 10,
        verifyEvery: 1,
      },
    };
    const report = await runBenchmark(settings, () => undefined);
    assert.equal(report.dataset?.imported, 60);
    assert.deepEqual(
      report.results.map((r) => r.id),
      ['list-30', 'publish', 'publish-group', 'reads-under-publish'],
    );
    for (const r of report.results) {
      assert.ok(r.ours.requestsPerSecond > 0, `${r.id}: registry figure`);
      assert.ok(r.baseline.requestsPerSecond > 0, `${r.id}: baseline figure`);
      assert.ok(Number.isFinite(r.ratio) && r.ratio > 0, `${r.id}: ratio`);
      assert.equal(r.ours.load.non200, 0, `${r.id}: every response was 200`);
    }
    const federation = report.federation;
    assert.ok(federation !== undefined, 'the federation scenario reported');
    assert.ok(federation.publishAlone.requestsPerSecond > 0, 'publishes with no subscriptions');
    assert.ok(federation.signatures.verified > 0, 'signatures were checked');
    assert.equal(federation.signatures.invalid, 0, 'every checked signature was valid');
    for (const phase of federation.phases) {
      assert.ok(phase.publishes > 0, `${phase.label}: paced publishes`);
      assert.equal(phase.missing, 0, `${phase.label}: every delivery arrived`);
      assert.ok(phase.p99Ms > 0, `${phase.label}: a latency`);
    }
    assert.ok((federation.phases[1]?.bulk?.requestsPerSecond ?? 0) > 0, 'publishes while delivering');
  });
});
