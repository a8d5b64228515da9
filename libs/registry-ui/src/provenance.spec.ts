import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Badge, entryProvenance, provenanceBadges, renderBadges } from './provenance';

const NS = 'io.github.test-registry';

function badgesOf(meta: Record<string, unknown>, official = {}): Array<[string, string]> {
  return provenanceBadges(official, entryProvenance(meta, NS)).map((b: Badge) => [b.label, b.tone]);
}

const entry = (extra: Record<string, unknown>) => ({
  [`${NS}/entry`]: { serverId: 's', versionId: 'v', ...extra },
});
const standing = (status: string, method = 'dns') => ({
  namespace: { claimId: 'c', namespace: 'com.example', method, status, since: '2026-01-02T03:04:05Z' },
});

describe('provenance badges: status, namespace claim, package ownership, in words', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, Array<[string, string]>]> = [
    ['no registry entry meta', {}, { status: 'active' }, [['active', 'neutral']]],
    ['deprecated', {}, { status: 'deprecated', statusMessage: 'use v2' }, [['deprecated', 'warning']]],
    ['deleted', {}, { status: 'deleted' }, [['deleted', 'bad']]],
    ['namespace proven by DNS', entry(standing('verified')), {}, [['namespace proven (DNS)', 'good']]],
    [
      'namespace proven by HTTP',
      entry(standing('verified', 'http')),
      {},
      [['namespace proven (HTTP)', 'good']],
    ],
    [
      'namespace proven by GitHub',
      entry(standing('verified', 'github')),
      {},
      [['namespace proven (GitHub)', 'good']],
    ],
    ['claim in grace', entry(standing('grace')), {}, [['namespace claim in grace (DNS)', 'warning']]],
    ['claim revoked', entry(standing('revoked')), {}, [['namespace claim revoked', 'bad']]],
    ['an unknown claim status shows nothing', entry(standing('pending')), {}, []],
    [
      'packages verified',
      entry({ packageOwnership: { status: 'verified', checkedAt: '2026-01-01T00:00:00Z' } }),
      {},
      [['packages verified', 'good']],
    ],
    [
      'packages failed, with everything at once',
      entry({ ...standing('verified'), packageOwnership: { status: 'failed', failures: ['npm says no'] } }),
      { status: 'active' },
      [
        ['active', 'neutral'],
        ['namespace proven (DNS)', 'good'],
        ['package ownership check failed', 'bad'],
      ],
    ],
    ['malformed entry meta is ignored', { [`${NS}/entry`]: 'nonsense' }, {}, []],
    ["another namespace's entry is not ours", { 'io.github.other/entry': standing('verified') }, {}, []],
  ];
  for (const [what, meta, official, expected] of cases) {
    it(what, () => assert.deepEqual(badgesOf(meta, official), expected));
  }

  it('says why ownership failed and since when the claim stands, escaped', () => {
    const badges = provenanceBadges(
      {},
      entryProvenance(
        entry({
          ...standing('grace'),
          packageOwnership: { status: 'failed', checkedAt: 'T', failures: ['<b>x</b>'] },
        }),
        NS,
      ),
    );
    assert.equal(badges[0]!.detail, 'com.example, since 2026-01-02 03:04 UTC');
    assert.equal(badges[1]!.detail, 'checked T; <b>x</b>');
    const out = renderBadges(badges, true).text;
    assert.match(out, /&lt;b&gt;x&lt;\/b&gt;/);
    assert.doesNotMatch(out, /<b>/);
    assert.match(out, /<span aria-hidden="true">✗<\/span> package ownership check failed<\/li>/);
    assert.match(out, /<li><strong>package ownership check failed<\/strong>: checked T; &lt;b&gt;/);
  });
});
