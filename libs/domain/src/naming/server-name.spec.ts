import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesServerNamePattern, parseServerName } from './server-name';

const MULTIPLE = 'server name cannot contain multiple slashes';
const NO_SLASH = "server name must be in format 'dns-namespace/name' (e.g., 'com.example.api/server')";
const EMPTY_PART =
  "server name must be in format 'dns-namespace/name' with non-empty namespace and name parts";

// Ported from validators_test.go (TestValidate_ServerNameFormat, TestValidate_MultipleSlashesInServerName).
const TABLE: [name: string, error: string | null][] = [
  ['com.example.api/server', null],
  ['com.microsoft.azure.service/webapp-server', null],
  ['com.example/my-server', null],
  ['io.github.user/weather_v2.1', null],
  ['', 'server name is required and must be a string'],
  ['com.example.server', NO_SLASH],
  ['/server-name', EMPTY_PART],
  ['com.example/', EMPTY_PART],
  ['com.example/server/path', MULTIPLE],
  ['com.example/my-server/extra', MULTIPLE],
  ['com.example/my/server/name', MULTIPLE],
  ['com.example/a/b/c/d/e', MULTIPLE],
  ['com.example//server', MULTIPLE],
  ['com.example/server/', MULTIPLE],
  ['com.microsoft.azure/service/webapp-server', MULTIPLE],
  [
    '-com.example/server',
    "server name format is invalid: namespace '-com.example' is invalid. Namespace must start and end with alphanumeric characters, and may contain dots and hyphens in the middle",
  ],
  [
    'a/server',
    "server name format is invalid: namespace 'a' is invalid. Namespace must start and end with alphanumeric characters, and may contain dots and hyphens in the middle",
  ],
  [
    'com.example/server_',
    "server name format is invalid: name 'server_' is invalid. Name must start and end with alphanumeric characters, and may contain dots, underscores, and hyphens in the middle",
  ],
  [
    'com.exa_mple/server',
    "server name format is invalid: namespace 'com.exa_mple' is invalid. Namespace must start and end with alphanumeric characters, and may contain dots and hyphens in the middle",
  ],
];

describe('parseServerName', () => {
  for (const [name, error] of TABLE) {
    it(`${JSON.stringify(name)} → ${error ?? 'ok'}`, () => {
      const result = parseServerName(name);
      if (error === null) {
        assert.equal(result.ok, true);
        if (result.ok) assert.equal(`${result.value.namespace}/${result.value.serverPart}`, name);
      } else {
        assert.equal(result.ok, false);
        if (!result.ok) assert.equal(result.error.message, error);
      }
    });
  }

  it('splits the namespace from the server part', () => {
    assert.deepEqual(parseServerName('io.github.octo-org/weather'), {
      ok: true,
      value: { namespace: 'io.github.octo-org', serverPart: 'weather' },
    });
  });

  it('names the kind of failure', () => {
    const result = parseServerName('com.example/server/path');
    assert.equal(!result.ok && result.error.kind, 'multiple-slashes');
  });
});

describe('matchesServerNamePattern (the request schema, looser than the validator)', () => {
  const TABLE: [string, boolean][] = [
    ['com.example/server', true],
    ['a/b', true],
    ['com.example/server_', true],
    ['com.example/server/path', false],
    ['com.example//double-slash', false],
    ['usr/local/bin/server', false],
    ['com example/server', false],
  ];
  for (const [name, expected] of TABLE) {
    it(`${name} → ${expected}`, () => assert.equal(matchesServerNamePattern(name), expected));
  }
});
