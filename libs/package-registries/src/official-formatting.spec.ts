import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { moduleOwnershipFailure } from '@registry/domain/validation/go-module-ownership';
import { escapeModulePath } from './go-module-check';
import { goQuote, jsonField, jsonStringField, pathSegmentEscape } from './official-formatting';

describe('pathSegmentEscape (Go url.PathEscape)', () => {
  const cases: Array<[string, string]> = [
    ['demo-pkg', 'demo-pkg'],
    ['@scope/pkg', '@scope%2Fpkg'],
    ['1.0.0-beta.1+build', '1.0.0-beta.1+build'],
    ['a b', 'a%20b'],
    ['../etc/passwd', '..%2Fetc%2Fpasswd'],
    ["!*'();,?#", '%21%2A%27%28%29%3B%2C%3F%23'],
    ['$&+:=@~_', '$&+:=@~_'],
    ['é', '%C3%A9'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} -> ${expected}`, () => assert.equal(pathSegmentEscape(input), expected));
  }
});

describe('goQuote (Go %q)', () => {
  it('quotes and escapes like strconv.Quote', () => {
    assert.equal(goQuote('.'), '"."');
    assert.equal(goQuote('say "hi"\\'), '"say \\"hi\\"\\\\"');
    assert.equal(goQuote('a\nb\tc\u0001'), '"a\\nb\\tc\\x01"');
  });
});

describe('Go JSON decoding rules', () => {
  it('matches field names case-insensitively, preferring the exact name', () => {
    assert.equal(jsonField({ Labels: 1, labels: 2 }, 'Labels'), 1);
    assert.equal(jsonField({ labels: 2 }, 'Labels'), 2);
    assert.equal(jsonField([1], 'x'), undefined);
  });

  it('decodes a string field: null/absent is empty, another type is an error', () => {
    assert.equal(jsonStringField({ mcpName: 'a/b' }, 'mcpName', 'T'), 'a/b');
    assert.equal(jsonStringField({ mcpName: null }, 'mcpName', 'T'), '');
    assert.equal(jsonStringField(null, 'mcpName', 'T'), '');
    assert.deepEqual(jsonStringField({ mcpName: 3 }, 'mcpName', 'registries.T'), {
      error: 'json: cannot unmarshal number into Go struct field T.mcpName of type string',
    });
    assert.deepEqual(jsonStringField({ description: true }, 'description', 'registries.T', 'info.'), {
      error: 'json: cannot unmarshal bool into Go struct field T.info.description of type string',
    });
    assert.deepEqual(jsonStringField([], 'mcpName', 'registries.T'), {
      error: 'json: cannot unmarshal array into Go value of type registries.T',
    });
  });
});

// Ported from go_test.go TestValidateGoModuleOwnership / TestEscapeGoModulePath.
describe('Go module rules', () => {
  const ownership: Array<[string, string, string, boolean]> = [
    ['matching owner', 'github.com/alice/mcp-foo', 'io.github.alice/foo', false],
    ['matching owner with subpackage path', 'github.com/alice/mcp-foo/cmd/foo', 'io.github.alice/foo', false],
    ['case-insensitive owner match', 'github.com/Alice/mcp-foo', 'io.github.alice/foo', false],
    ['case-insensitive namespace match', 'github.com/alice/mcp-foo', 'io.github.Alice/foo', false],
    ['owner mismatch', 'github.com/bob/mcp-foo', 'io.github.alice/foo', true],
    ['module not on github', 'gitlab.com/alice/mcp-foo', 'io.github.alice/foo', true],
    ['non-github namespace', 'github.com/alice/mcp-foo', 'com.example/foo', true],
    ['missing owner segment', 'github.com/', 'io.github.alice/foo', true],
  ];
  for (const [name, modulePath, serverName, wantError] of ownership) {
    it(`ownership: ${name}`, () =>
      assert.equal(moduleOwnershipFailure(modulePath, serverName) !== undefined, wantError));
  }

  it('ownership messages', () => {
    assert.equal(
      moduleOwnershipFailure('github.com/bob/mcp-foo', 'io.github.alice/foo'),
      "go module ownership validation failed: server 'io.github.alice/foo' is owned by GitHub user 'alice', but module path 'github.com/bob/mcp-foo' belongs to 'bob'",
    );
    assert.equal(
      moduleOwnershipFailure('github.com/alice/x', 'com.example/foo'),
      "go packages are currently only supported for 'io.github.*' server namespaces; 'com.example/foo' is not supported",
    );
    assert.equal(
      moduleOwnershipFailure('gitlab.com/alice/x', 'io.github.alice/foo'),
      "go module path 'gitlab.com/alice/x' must be hosted on github.com to be published under 'io.github.alice'",
    );
  });

  const escapes: Array<[string, string, string | { error: string }]> = [
    ['lowercase unchanged', 'github.com/alice/mcp-foo', 'github.com/alice/mcp-foo'],
    ['uppercase escaped', 'github.com/Alice/McpFoo', 'github.com/!alice/!mcp!foo'],
    ['version unchanged', 'v1.2.3', 'v1.2.3'],
    ['parent dir rejected', 'github.com/alice/../bob', { error: 'contains a ".." path element' }],
    ['current dir rejected', 'github.com/alice/./foo', { error: 'contains a "." path element' }],
    ['empty rejected', '', { error: 'empty path' }],
    ['control character rejected', 'github.com/a\u0007', { error: 'contains a control character' }],
  ];
  for (const [name, input, expected] of escapes) {
    it(`escape: ${name}`, () => assert.deepEqual(escapeModulePath(input), expected));
  }
});
