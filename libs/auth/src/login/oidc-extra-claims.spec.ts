import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goFloat, goValue } from './go-value-format';
import { extraClaimsOf, extraClaimsProblem } from './oidc-extra-claims';

describe('extraClaimsProblem (official MCP_REGISTRY_OIDC_EXTRA_CLAIMS rules)', () => {
  const claims = {
    email: 'admin@modelcontextprotocol.io',
    email_verified: true,
    hd: 'modelcontextprotocol.io',
    groups: ['admins', 'staff'],
    single: ['only'],
    level: 3,
  };
  const cases: Array<[string, Array<Record<string, unknown>>, string | undefined]> = [
    ['no rules', [], undefined],
    ['a matching hosted domain', [{ hd: 'modelcontextprotocol.io' }], undefined],
    [
      'a different hosted domain',
      [{ hd: 'example.com' }],
      'claim validation failed for rule map[hd:example.com]: claim validation failed: hd expected example.com, got modelcontextprotocol.io',
    ],
    [
      'a missing claim',
      [{ org: 'mcp' }],
      'claim validation failed for rule map[org:mcp]: claim validation failed: required claim org not found',
    ],
    ['several keys in one rule', [{ email_verified: true, hd: 'modelcontextprotocol.io' }], undefined],
    [
      'a boolean mismatch',
      [{ email_verified: false }],
      'claim validation failed for rule map[email_verified:false]: claim validation failed: email_verified expected false, got true',
    ],
    ['a number', [{ level: 3 }], undefined],
    ['a scalar found in a list claim', [{ groups: 'admins' }], undefined],
    [
      'a scalar missing from a list claim',
      [{ groups: 'root' }],
      'claim validation failed for rule map[groups:root]: claim validation failed: groups expected root to be in array [admins staff]',
    ],
    ['a one-element list compared as its element', [{ single: 'only' }], undefined],
    ['lists sharing a value', [{ groups: ['root', 'staff'] }], undefined],
    [
      'lists sharing nothing',
      [{ groups: ['root'] }],
      'claim validation failed for rule map[groups:[root]]: claim validation failed: groups no matching values found between actual [admins staff] and expected [root]',
    ],
    [
      'every rule must hold',
      [{ hd: 'modelcontextprotocol.io' }, { level: 4 }],
      'claim validation failed for rule map[level:4]: claim validation failed: level expected 4, got 3',
    ],
  ];
  for (const [name, rules, problem] of cases) {
    it(name, () => assert.equal(extraClaimsProblem(rules, claims), problem));
  }

  it('leaves the registered claims out of the rules', () => {
    assert.deepEqual(
      extraClaimsOf({ iss: 'i', sub: 's', aud: 'a', exp: 1, nbf: 1, iat: 1, jti: 'j', hd: 'x' }),
      { hd: 'x' },
    );
    assert.match(
      extraClaimsProblem([{ iss: 'i' }], extraClaimsOf({ iss: 'i' }))!,
      /required claim iss not found/,
    );
  });
});

describe('goValue (Go %v of decoded JSON)', () => {
  const cases: Array<[unknown, string]> = [
    ['text', 'text'],
    [true, 'true'],
    [null, '<nil>'],
    [['a', 1], '[a 1]'],
    [{ b: 1, a: 'x' }, 'map[a:x b:1]'],
    [{ a: { c: [true] } }, 'map[a:map[c:[true]]]'],
  ];
  for (const [value, text] of cases) {
    it(text, () => assert.equal(goValue(value), text));
  }
  const floats: Array<[number, string]> = [
    [1, '1'],
    [1.5, '1.5'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [1e6, '1e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5e21, '-2.5e+21'],
  ];
  for (const [value, text] of floats) {
    it(`float ${value}`, () => assert.equal(goFloat(value), text));
  }
});
