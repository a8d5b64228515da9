import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimDomain, githubAccount } from './namespace-domain';

describe('claimDomain', () => {
  const domains: Array<[string, string]> = [
    ['com.example', 'example.com'],
    ['com.example.eu', 'eu.example.com'],
    ['COM.Example.API', 'api.example.com'],
    ['uk.co.example', 'example.co.uk'],
    ['app.vercel.myapp', 'myapp.vercel.app'],
    ['io.vercel.myapp', 'myapp.vercel.io'],
    ['xn--p1ai.xn--e1afmkfd', 'xn--e1afmkfd.xn--p1ai'],
    ['com.my-company.team-1', 'team-1.my-company.com'],
  ];
  for (const [namespace, domain] of domains) {
    it(`reverses ${namespace} into ${domain}`, () => {
      assert.deepEqual(claimDomain(namespace), { ok: true, domain });
    });
  }

  const refusals: Array<[string, RegExp]> = [
    ['com', /single label/],
    ['uk.co', /'co\.uk' is a public suffix/],
    ['app.vercel', /'vercel\.app' is a public suffix/],
    ['io.github', /github method/],
    ['io.github.alice', /github method/],
    ['io.github.alice.docs', /github method/],
    ['io.gitlab.group', /gitlab\.io/],
    ['nosuchtld.example', /'nosuchtld' is not a known top-level domain/],
    ['local.printer', /'local' is not a known top-level domain/],
    ['1.0.0.127', /IP address/],
    ['com.-example', /not a reversed domain name/],
    ['com.example-', /not a reversed domain name/],
    ['com..example', /not a reversed domain name/],
    ['com.exa_mple', /not a reversed domain name/],
    [`com.${'a'.repeat(64)}`, /not a reversed domain name/],
    [`com.${Array.from({ length: 5 }, () => 'a'.repeat(63)).join('.')}`, /longer than 253/],
  ];
  for (const [namespace, reason] of refusals) {
    it(`refuses ${namespace.length > 40 ? `${namespace.slice(0, 40)}…` : namespace}`, () => {
      const result = claimDomain(namespace);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }
});

describe('githubAccount', () => {
  for (const [namespace, account] of [
    ['io.github.alice', 'alice'],
    ['io.github.Acme-Corp', 'Acme-Corp'],
    ['IO.GitHub.octocat', 'octocat'],
    [`io.github.${'a'.repeat(39)}`, 'a'.repeat(39)],
  ]) {
    it(`reads ${account.slice(0, 12)} from ${namespace.slice(0, 24)}`, () => {
      assert.deepEqual(githubAccount(namespace), { ok: true, account });
    });
  }

  for (const [namespace, reason] of [
    ['com.example', /io\.github\.<account> namespaces only/],
    ['io.github', /io\.github\.<account> namespaces only/],
    ['io.github.', /not a GitHub account name/],
    ['io.github.-alice', /not a GitHub account name/],
    ['io.github.alice.team', /not a GitHub account name/],
    ['io.github.alice_b', /not a GitHub account name/],
    [`io.github.${'a'.repeat(40)}`, /not a GitHub account name/],
  ] as Array<[string, RegExp]>) {
    it(`refuses ${namespace.slice(0, 30)}`, () => {
      const result = githubAccount(namespace);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }
});
