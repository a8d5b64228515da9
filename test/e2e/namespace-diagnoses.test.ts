import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DNS_PROOF_TIMEOUT_MS } from '@registry/namespace-proof';
import { FakeDnsServer } from '@test/support/fakes/dns';
import { ClaimDiagnosisView, NamespaceClaimsClient } from '@test/support/namespace-claims-client';
import { RegistryUnderTest } from '@test/support/registry-under-test';

const PREFIX = 'mcp-registry-verification=';

/** A record as a diagnosis quotes it: enough of a token to tell it apart (the prefix and 16 characters). */
function shown(record: string): string {
  const most = PREFIX.length + 16;
  return `"${record.length > most ? `${record.slice(0, most)}…` : record}"`;
}

interface DiagnosisCase {
  /** The claimed domain, under example.com. */
  domain: string;
  /** What the name servers hold, once the claim's token is known. */
  arrange(dns: FakeDnsServer, challengeName: string, token: string): void;
  code: string;
  seen: (token: string) => string | RegExp;
  message: (token: string) => RegExp;
}

const cases: DiagnosisCase[] = [
  {
    domain: 'nxdomain.example.com',
    arrange: () => undefined,
    code: 'nxdomain',
    seen: () => 'NXDOMAIN',
    message: () => /the name _mcp-registry-challenge\.nxdomain\.example\.com does not exist \(NXDOMAIN\)/,
  },
  {
    domain: 'nodata.example.com',
    arrange: (dns, name) => dns.setTxt(name, []),
    code: 'record-missing',
    seen: () => 'no TXT records',
    message: () => /but found no TXT record there; add the verification record\.$/,
  },
  {
    domain: 'other.example.com',
    arrange: (dns, name) => dns.setTxt(name, ['v=spf1 -all']),
    code: 'record-missing',
    seen: () => '"v=spf1 -all"',
    message: () => /but found only other TXT records \("v=spf1 -all"\)/,
  },
  {
    domain: 'apex.example.com',
    arrange: (dns, _name, token) => dns.setTxt('apex.example.com', ['v=spf1 -all', `${PREFIX}${token}`]),
    code: 'record-at-apex',
    seen: (token) => `at apex.example.com: ${shown(`${PREFIX}${token}`)}`,
    message: () =>
      /found it at apex\.example\.com itself instead; move it under the _mcp-registry-challenge name/,
  },
  {
    domain: 'stale.example.com',
    arrange: (dns, name) => dns.setTxt(name, [`${PREFIX}an-earlier-claims-token`]),
    code: 'wrong-token',
    seen: () => shown(`${PREFIX}an-earlier-claims-token`),
    message: (token) =>
      new RegExp(
        `a verification record with another token .*replace it with the token of this claim \\(${token}\\)`,
      ),
  },
  {
    domain: 'quoted.example.com',
    arrange: (dns, name, token) => dns.setTxt(name, [`"${PREFIX}${token}"`]),
    code: 'wrong-token',
    seen: (token) => shown(`"${PREFIX}${token}"`),
    message: () => /carries extra quotes or spaces; publish the value exactly, without quotes or spaces/,
  },
  {
    domain: 'several.example.com',
    arrange: (dns, name) => dns.setTxt(name, [`${PREFIX}first-stale-token`, `${PREFIX}second-stale-token`]),
    code: 'several-records',
    seen: () => `${shown(`${PREFIX}first-stale-token`)}, ${shown(`${PREFIX}second-stale-token`)}`,
    message: () => /2 verification records, none with this token .*remove the stale ones once it is verified/,
  },
  {
    domain: 'servfail.example.com',
    arrange: (dns, name) => dns.failing.add(name),
    code: 'dns-error',
    seen: () => /SERVFAIL/,
    message: () => /a server failure or refusal, not an answer\); the check is retried/,
  },
  {
    domain: 'silent.example.com',
    arrange: (dns, name) => dns.silent.add(name),
    code: 'timeout',
    seen: () => `no answer within ${DNS_PROOF_TIMEOUT_MS} ms`,
    message: () => new RegExp(`no DNS answer came within ${DNS_PROOF_TIMEOUT_MS} ms; the check is retried`),
  },
];

/**
 * Every diagnosis of the dns method, as the claim API answers it to the owner's `verify`: what was
 * expected where, what was seen instead, and what to do. (namespace-claims.test.ts walks one claim
 * through nxdomain and the apex mistake; here each diagnosis has its own claim.) The verifier's sweep
 * is set to an hour so that only `verify` checks, and each answer is that very check's.
 */
describe('namespace claims by DNS: each diagnosis over HTTP', () => {
  const dns = new FakeDnsServer();
  let registry: RegistryUnderTest;
  let alice: NamespaceClaimsClient;

  before(async () => {
    await dns.start();
    registry = await RegistryUnderTest.start({
      MCP_REGISTRY_DNS_RESOLVER: dns.address,
      MCP_REGISTRY_NAMESPACE_SWEEP_MS: '3600000',
    });
    alice = new NamespaceClaimsClient(registry.baseUrl, await registry.token([], 'alice'));
  });
  after(async () => {
    await registry?.close();
    await dns.close();
  });

  it('names each way the record can be wrong, and the fix proves the claim', async () => {
    const claims = await Promise.all(
      cases.map(async (c) => {
        const namespace = c.domain.split('.').reverse().join('.');
        const claim = await alice.claim({ namespace, method: 'dns' });
        const name = `_mcp-registry-challenge.${c.domain}`;
        c.arrange(dns, name, claim.challenge!);
        return { c, claim, name };
      }),
    );

    // All at once: the timeout costs its 5 s once, not on top of the others.
    const answers = await Promise.all(claims.map(({ claim }) => alice.verify(claim.id)));
    for (const [i, { c, claim, name }] of claims.entries()) {
      const answer = answers[i]!;
      const token = claim.challenge!;
      const diagnosis: ClaimDiagnosisView | undefined = answer.diagnosis;
      const about = `${c.domain}: ${JSON.stringify(diagnosis)}`;
      assert.equal(answer.status, 'pending', about);
      assert.equal(diagnosis?.code, c.code, about);
      assert.equal(diagnosis?.checked, `TXT ${name}`, about);
      assert.equal(diagnosis?.expected, `${PREFIX}${token}`, about);
      const seen = c.seen(token);
      if (typeof seen === 'string') assert.equal(diagnosis?.seen, seen, about);
      else assert.match(diagnosis?.seen ?? '', seen, about);
      assert.ok(
        diagnosis?.message.startsWith(`Expected a TXT record "${PREFIX}${token}" at ${name}, but `),
        about,
      );
      assert.match(diagnosis?.message ?? '', c.message(token), about);
      // The answer of a later read is the same: the diagnosis is the claim's, kept in the log.
      assert.deepEqual((await alice.get(claim.id)).diagnosis, diagnosis, about);
    }

    // Publishing the right record, beside a stale one (a rotation), proves the claim at the next verify.
    const several = claims.find(({ c }) => c.code === 'several-records')!;
    dns.setTxt(several.name, [`${PREFIX}first-stale-token`, `${PREFIX}${several.claim.challenge!}`]);
    const proven = await alice.verify(several.claim.id);
    assert.equal(proven.status, 'verified', JSON.stringify(proven));
    assert.equal(proven.diagnosis, undefined);
    assert.equal(proven.reason, `proven: TXT ${several.name}`);

    // A name server that comes back answers the next verify.
    const silent = claims.find(({ c }) => c.code === 'timeout')!;
    dns.silent.delete(silent.name);
    dns.setTxt(silent.name, [`${PREFIX}${silent.claim.challenge!}`]);
    assert.equal((await alice.verify(silent.claim.id)).status, 'verified');
  });
});
