import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NamespaceProofResult } from '@registry/application/ports/namespace-proof.port';
import { CompositeNamespaceProofChecker } from '@registry/namespace-proof';
import { FakeDnsServer } from '@test/support/fakes/dns';

const TOKEN = 'q3Jx0Tn8m2Wc7Lh5Yp1Rv4Kd6Fs9Ab0C';
const STALE = 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp';
const OTHER = 'Oo0Nn1Mm2Ll3Kk4Jj5Ii6Hh7Gg8Ff9Ee';
const record = (token: string): string => `mcp-registry-verification=${token}`;
const challenge = (domain: string): string => `_mcp-registry-challenge.${domain}`;
/** A token longer than one 255-byte TXT string, so the fake splits the record into chunks. */
const LONG_TOKEN = 'L'.repeat(300);

function failure(result: NamespaceProofResult) {
  assert.equal(result.outcome, 'failed', JSON.stringify(result));
  if (result.outcome !== 'failed') throw new Error('unreachable');
  return result;
}

describe('dns namespace proof against a DNS server on loopback', () => {
  const dns = new FakeDnsServer();
  let checker: CompositeNamespaceProofChecker;

  before(async () => {
    await dns.start();
    dns.setTxt(challenge('example.com'), ['v=spf1 -all', record(TOKEN)]);
    dns.setTxt(challenge('rotate.example.com'), [record(STALE), record(TOKEN)]);
    dns.setTxt(challenge('chunked.example.com'), [['mcp-registry-', 'verification=', TOKEN]]);
    dns.setTxt(challenge('long.example.com'), [record(LONG_TOKEN)]);
    dns.setTxt(challenge('other.example.com'), ['google-site-verification=abc', 'v=spf1 -all']);
    dns.setTxt(challenge('nodata.example.com'), []);
    dns.setTxt('apex.example.com', ['v=spf1 -all', record(TOKEN)]);
    dns.setTxt('apex-stale.example.com', [record(STALE)]);
    dns.setTxt(challenge('stale.example.com'), [record(STALE)]);
    dns.setTxt(challenge('quoted.example.com'), [` "${record(TOKEN)}" `]);
    dns.setTxt(challenge('leftovers.example.com'), [record(STALE), record(OTHER)]);
    dns.failing.add(challenge('servfail.example.com'));
    dns.silent.add(challenge('silent.example.com'));
    checker = new CompositeNamespaceProofChecker({
      dnsResolvers: [dns.address],
      dnsTimeoutMs: 300,
      githubApiBaseUrl: 'http://127.0.0.1:9',
      allowPrivateAddresses: true,
    });
  });
  after(async () => {
    await dns.close();
  });

  const check = (namespace: string, token = TOKEN) => checker.check({ namespace, method: 'dns', token });

  const provenCases: Array<[string, string, string?]> = [
    ['a record beside other TXT records', 'com.example'],
    ['either record during a rotation', 'com.example.rotate'],
    ['a record split into several strings', 'com.example.chunked'],
    ['a record longer than one TXT string', 'com.example.long', LONG_TOKEN],
  ];
  for (const [name, namespace, token] of provenCases) {
    it(`proves ${name}`, async () => {
      const result = await check(namespace, token);
      const domain = namespace.split('.').reverse().join('.');
      assert.deepEqual(result, { outcome: 'proven', checked: `TXT ${challenge(domain)}` });
    });
  }

  it('asks the resolver for the challenge name under the reversed namespace', async () => {
    dns.queries.length = 0;
    await check('com.example');
    assert.deepEqual(dns.queries, ['_mcp-registry-challenge.example.com']);
  });

  it('says nxdomain when neither the challenge name nor a record at the apex exists', async () => {
    const { diagnosis, retryable } = failure(await check('org.example.nothing'));
    assert.equal(diagnosis.code, 'nxdomain');
    assert.equal(retryable, false);
    assert.equal(diagnosis.checked, 'TXT _mcp-registry-challenge.nothing.example.org');
    assert.equal(diagnosis.expected, record(TOKEN));
    assert.equal(diagnosis.seen, 'NXDOMAIN');
    assert.match(diagnosis.message, /does not exist/);
  });

  it('says record-missing and shows the other TXT records at the challenge name', async () => {
    const { diagnosis, retryable } = failure(await check('com.example.other'));
    assert.equal(diagnosis.code, 'record-missing');
    assert.equal(retryable, false);
    assert.equal(diagnosis.seen, '"google-site-verification=abc", "v=spf1 -all"');
    assert.ok(diagnosis.message.includes(record(TOKEN)));
  });

  it('says record-missing for a name that exists without TXT records', async () => {
    const { diagnosis } = failure(await check('com.example.nodata'));
    assert.equal(diagnosis.code, 'record-missing');
    assert.equal(diagnosis.seen, 'no TXT records');
  });

  it('says record-at-apex when the record sits at the domain itself', async () => {
    const { diagnosis, retryable } = failure(await check('com.example.apex'));
    assert.equal(diagnosis.code, 'record-at-apex');
    assert.equal(retryable, false);
    assert.match(
      diagnosis.seen ?? '',
      /^at apex\.example\.com: "mcp-registry-verification=q3Jx0Tn8m2Wc7Lh5…"$/,
    );
    assert.match(diagnosis.message, /move it under the _mcp-registry-challenge name/);
  });

  it('says record-at-apex for a stale record at the apex too, asking for the current one', async () => {
    const { diagnosis } = failure(await check('com.example.apex-stale'));
    assert.equal(diagnosis.code, 'record-at-apex');
    assert.match(diagnosis.message, /publish it under/);
  });

  it('says wrong-token for one stale record, showing the start of its token', async () => {
    const { diagnosis, retryable } = failure(await check('com.example.stale'));
    assert.equal(diagnosis.code, 'wrong-token');
    assert.equal(retryable, false);
    assert.equal(diagnosis.seen, `"${record(STALE).slice(0, 42)}…"`);
    assert.ok(diagnosis.message.includes(TOKEN));
  });

  it('says wrong-token for the right token wrapped in quotes and spaces', async () => {
    const { diagnosis } = failure(await check('com.example.quoted'));
    assert.equal(diagnosis.code, 'wrong-token');
    assert.match(diagnosis.message, /without quotes or spaces/);
  });

  it('says several-records when no record of several carries the token', async () => {
    const { diagnosis, retryable } = failure(await check('com.example.leftovers'));
    assert.equal(diagnosis.code, 'several-records');
    assert.equal(retryable, false);
    assert.match(diagnosis.seen ?? '', /Zz9Yy8Xx7Ww6Vv5U….*Oo0Nn1Mm2Ll3Kk4J…/);
    assert.match(diagnosis.message, /2 verification records, none with this token/);
  });

  it('says dns-error, retryable, on SERVFAIL', async () => {
    const { diagnosis, retryable } = failure(await check('com.example.servfail'));
    assert.equal(diagnosis.code, 'dns-error');
    assert.equal(retryable, true);
    assert.equal(diagnosis.seen, 'ESERVFAIL');
  });

  it('says timeout, retryable, when the server never answers', async () => {
    const started = Date.now();
    const { diagnosis, retryable } = failure(await check('com.example.silent'));
    assert.equal(diagnosis.code, 'timeout');
    assert.equal(retryable, true);
    assert.equal(diagnosis.seen, 'no answer within 300 ms');
    assert.ok(Date.now() - started < 4_000, 'one try of the configured timeout, not the default');
  });

  for (const namespace of ['com', 'uk.co', 'io.github.alice', 'app.vercel', 'local.foo', '1.0.0.127']) {
    it(`refuses to check ${namespace}, which no dns proof can be about`, async () => {
      const result = await check(namespace);
      assert.equal(result.outcome, 'failed');
      assert.equal(result.outcome === 'failed' ? result.diagnosis.code : '', 'namespace-refused');
      assert.equal(result.outcome === 'failed' ? result.retryable : true, false);
    });
  }
});
