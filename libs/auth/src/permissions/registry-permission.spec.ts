import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Permission,
  RegistryAction,
  RegistryClaims,
  domainPermissions,
  hasPermission,
  permittedResources,
  reverseDomain,
} from './registry-permission';

const claimsWith = (permissions: Permission[]): RegistryClaims => ({
  authMethod: 'github-at',
  authMethodSubject: 'testuser',
  permissions,
  issuedAt: new Date(0),
  expiresAt: new Date(0),
});

describe('hasPermission (official JWTManager.HasPermission table)', () => {
  const cases: Array<[string, string, RegistryAction, Permission[], boolean]> = [
    [
      'exact match',
      'io.github.testuser/server1',
      'publish',
      [{ action: 'publish', resource: 'io.github.testuser/server1' }],
      true,
    ],
    [
      'wildcard match',
      'io.github.testuser/server2',
      'publish',
      [{ action: 'publish', resource: 'io.github.testuser/*' }],
      true,
    ],
    ['global wildcard', 'any.resource.here', 'edit', [{ action: 'edit', resource: '*' }], true],
    [
      'wrong action',
      'io.github.testuser/server1',
      'edit',
      [{ action: 'publish', resource: 'io.github.testuser/*' }],
      false,
    ],
    [
      'no match',
      'io.github.otheruser/server1',
      'publish',
      [{ action: 'publish', resource: 'io.github.testuser/*' }],
      false,
    ],
    [
      'multiple permissions with match',
      'io.github.org/server1',
      'publish',
      [
        { action: 'publish', resource: 'io.github.testuser/*' },
        { action: 'edit', resource: '*' },
        { action: 'publish', resource: 'io.github.org/*' },
      ],
      true,
    ],
    ['empty permissions', 'io.github.testuser/server1', 'publish', [], false],
    [
      'anonymous namespace',
      'io.modelcontextprotocol.anonymous/x',
      'publish',
      [{ action: 'publish', resource: 'io.modelcontextprotocol.anonymous/*' }],
      true,
    ],
  ];
  for (const [name, resource, action, permissions, expected] of cases) {
    it(name, () => assert.equal(hasPermission(claimsWith(permissions), action, resource), expected));
  }
});

describe('domain permissions (official DNS/HTTP permission tables)', () => {
  const dns = claimsWith(domainPermissions('example.com', true));
  const http = claimsWith(domainPermissions('example.com', false));
  const cases: Array<[string, string, RegistryAction, boolean, boolean]> = [
    // name, resource, action, DNS allows, HTTP allows
    ['exact domain resource', 'com.example/my-package', 'publish', true, true],
    ['subdomain resource', 'com.example.api/my-package', 'publish', true, false],
    ['deep subdomain resource', 'com.example.v1.api/my-package', 'publish', true, false],
    ['different domain', 'com.otherdomain/my-package', 'publish', false, false],
    ['partial domain match', 'com.example-other/my-package', 'publish', false, false],
    ['parent domain', 'com/my-package', 'publish', false, false],
    ['edit action (not granted)', 'com.example/my-package', 'edit', false, false],
    ['resource without package separator', 'com.example', 'publish', false, false],
  ];
  for (const [name, resource, action, dnsAllows, httpAllows] of cases) {
    it(name, () => {
      assert.equal(hasPermission(dns, action, resource), dnsAllows, 'dns');
      assert.equal(hasPermission(http, action, resource), httpAllows, 'http');
    });
  }

  const patterns: Array<[string, string[]]> = [
    ['example.com', ['com.example/*', 'com.example.*']],
    ['api.example.com', ['com.example.api/*', 'com.example.api.*']],
    ['v1.api.example.com', ['com.example.api.v1/*', 'com.example.api.v1.*']],
    ['my-app.example-site.com', ['com.example-site.my-app/*', 'com.example-site.my-app.*']],
  ];
  for (const [domain, expected] of patterns) {
    it(`grants ${expected.join(' and ')} for ${domain} by DNS, only the first by HTTP`, () => {
      assert.deepEqual(
        domainPermissions(domain, true).map((p) => p.resource),
        expected,
      );
      assert.deepEqual(
        domainPermissions(domain, false).map((p) => p.resource),
        expected.slice(0, 1),
      );
    });
  }

  it('reverses domains label by label', () => {
    assert.equal(reverseDomain('localhost'), 'localhost');
    assert.equal(reverseDomain('a.b.c'), 'c.b.a');
  });
});

describe('permittedResources', () => {
  it('lists the patterns of one action in token order', () => {
    const claims = claimsWith([
      { action: 'publish', resource: 'io.github.a/*' },
      { action: 'edit', resource: '*' },
      { action: 'publish', resource: 'io.github.b/*' },
    ]);
    assert.deepEqual(permittedResources(claims, 'publish'), ['io.github.a/*', 'io.github.b/*']);
    assert.deepEqual(permittedResources(claims, 'edit'), ['*']);
    assert.deepEqual(permittedResources(claimsWith([]), 'edit'), []);
  });
});
