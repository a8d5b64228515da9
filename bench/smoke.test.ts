import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchSettings } from './bench-settings';
import { runBenchmark } from './run';

// Only that the harness runs end to end and produces numbers: no timing is asserted, ever.
describe('benchmark harness (smoke)', () => {
  it('measures a tiny dataset for a moment and reports every row', { timeout: 60_000 }, async () => {
    const settings = {
      ...benchSettings({}),
      servers: 20,
      readConnections: 4,
      publishConnections: 4,
      warmupSeconds: 0.2,
      seconds: 0.5,
      rounds: 1,
      distinctUrls: 10,
      only: ['list-30', 'publish', 'reads-under-publish'],
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
  });
});
