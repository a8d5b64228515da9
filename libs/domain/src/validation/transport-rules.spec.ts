import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPublishRules } from './validate-server-json';
import { isValidRemoteUrl, isValidTemplatedUrl, isValidUrl, templateVariablesOf } from './transport-rules';

const CURRENT = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const base = {
  $schema: CURRENT,
  name: 'com.example/test-server',
  description: 'A test server',
  version: '1.0.0',
};
const pkg = (transport: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...base,
  packages: [{ identifier: 'test-package', registryType: 'npm', transport, ...extra }],
});
const remote = (transport: Record<string, unknown>) => ({ ...base, remotes: [transport] });

function errors(doc: Record<string, unknown>): [string, string][] {
  return checkPublishRules(doc)
    .filter((i) => i.severity === 'error')
    .map((i) => [i.path, i.message]);
}

// Ported from validators_test.go TestValidate_TransportValidation and TestValidate_RemoteNamespaceMatch.
const TABLE: [string, Record<string, unknown>, [string, string][]][] = [
  ['stdio without URL', pkg({ type: 'stdio' }), []],
  [
    'stdio with URL',
    pkg({ type: 'stdio', url: 'ignored-for-stdio' }),
    [['packages[0].transport.url', 'url must be empty for stdio transport type, got: ignored-for-stdio']],
  ],
  ['streamable-http with URL', pkg({ type: 'streamable-http', url: 'https://example.com/mcp' }), []],
  [
    'streamable-http with templated URL and declared variables',
    pkg(
      { type: 'streamable-http', url: 'http://{host}:{port}/mcp' },
      { environmentVariables: [{ name: 'host' }, { name: 'port' }] },
    ),
    [],
  ],
  [
    'templated URL using argument names and value hints',
    pkg(
      { type: 'sse', url: 'https://{tenant}.example.com/{--region}' },
      {
        packageArguments: [
          { type: 'named', name: '--region' },
          { type: 'positional', valueHint: 'tenant' },
        ],
      },
    ),
    [],
  ],
  [
    'streamable-http without URL',
    pkg({ type: 'streamable-http' }),
    [['packages[0].transport.url', 'url is required for streamable-http transport type']],
  ],
  [
    'templated URL with undeclared variables',
    pkg({ type: 'streamable-http', url: 'http://{host}:{port}/mcp' }),
    [
      [
        'packages[0].transport.url',
        'invalid package transport URL: template variables in URL http://{host}:{port}/mcp reference undefined variables. Available variables: []',
      ],
    ],
  ],
  [
    'templated URL listing what is declared',
    pkg(
      { type: 'sse', url: 'http://localhost/{missing}' },
      { environmentVariables: [{ name: 'A' }, { name: 'B' }] },
    ),
    [
      [
        'packages[0].transport.url',
        'invalid package transport URL: template variables in URL http://localhost/{missing} reference undefined variables. Available variables: [A B]',
      ],
    ],
  ],
  [
    'package URL without scheme',
    pkg({ type: 'sse', url: 'example.com/sse' }),
    [['packages[0].transport.url', 'invalid package transport URL: example.com/sse']],
  ],
  ['sse with URL', pkg({ type: 'sse', url: 'https://example.com/events' }), []],
  [
    'sse without URL',
    pkg({ type: 'sse' }),
    [['packages[0].transport.url', 'url is required for sse transport type']],
  ],
  [
    'unsupported package transport',
    pkg({ type: 'websocket' }),
    [['packages[0].transport.type', 'unsupported transport type: websocket']],
  ],
  [
    'package transport may use localhost',
    pkg({ type: 'streamable-http', url: 'http://localhost:3000/mcp' }),
    [],
  ],
  ['remote streamable-http', remote({ type: 'streamable-http', url: 'https://example.com/mcp' }), []],
  [
    'remote without URL (the template check also fires, as officially)',
    remote({ type: 'streamable-http' }),
    [
      ['remotes[0].url', 'url is required for streamable-http transport type'],
      ['remotes[0].url', 'invalid remote URL: '],
    ],
  ],
  ['remote sse', remote({ type: 'sse', url: 'https://example.com/events' }), []],
  [
    'remote stdio',
    remote({ type: 'stdio' }),
    [
      [
        'remotes[0].type',
        'unsupported transport type for remotes: stdio (only streamable-http and sse are supported)',
      ],
    ],
  ],
  [
    'remote websocket',
    remote({ type: 'websocket', url: 'wss://example.com/ws' }),
    [
      [
        'remotes[0].type',
        'unsupported transport type for remotes: websocket (only streamable-http and sse are supported)',
      ],
    ],
  ],
  [
    'remote on localhost',
    remote({ type: 'streamable-http', url: 'http://localhost:3000/mcp' }),
    [['remotes[0].url', 'invalid remote URL: http://localhost:3000/mcp']],
  ],
  [
    'remote on a .localhost name over https',
    remote({ type: 'streamable-http', url: 'https://app.localhost/mcp' }),
    [['remotes[0].url', 'invalid remote URL: https://app.localhost/mcp']],
  ],
  [
    'remote with an invalid URL (reported by both URL checks)',
    remote({ type: 'streamable-http', url: 'not-a-valid-url' }),
    [
      ['remotes[0].url', 'invalid remote URL: not-a-valid-url'],
      ['remotes[0].url', 'invalid remote URL: not-a-valid-url'],
    ],
  ],
  [
    'remote URL variables declared',
    remote({
      type: 'streamable-http',
      url: 'https://{region}.example.com/mcp/{tenant_id}',
      variables: { region: {}, tenant_id: {} },
    }),
    [],
  ],
  [
    'remote URL variable undeclared',
    remote({ type: 'streamable-http', url: 'https://example.com/mcp/{tenant_id}' }),
    [
      [
        'remotes[0].url',
        'invalid remote URL: template variables in URL https://example.com/mcp/{tenant_id} reference undefined variables. Available variables: []',
      ],
    ],
  ],
  [
    'remote URL variable missing from variables',
    remote({
      type: 'streamable-http',
      url: 'https://example.com/mcp/{tenant_id}/{region}',
      variables: { tenant_id: {} },
    }),
    [
      [
        'remotes[0].url',
        'invalid remote URL: template variables in URL https://example.com/mcp/{tenant_id}/{region} reference undefined variables. Available variables: [tenant_id]',
      ],
    ],
  ],
  [
    'remote with unused variables',
    remote({ type: 'streamable-http', url: 'https://example.com/mcp', variables: { unused_var: {} } }),
    [],
  ],
  [
    'one valid and one http remote',
    {
      ...base,
      remotes: [
        { type: 'streamable-http', url: 'https://example.com/sse' },
        { type: 'streamable-http', url: 'http://example.com/sse' },
      ],
    },
    [['remotes[1].url', 'invalid remote URL: http://example.com/sse']],
  ],
];

describe('publish validator: transports', () => {
  for (const [name, doc, expected] of TABLE) {
    it(name, () => assert.deepEqual(errors(doc), expected));
  }
});

describe('URL helpers', () => {
  it('extracts template variables', () => {
    assert.deepEqual(templateVariablesOf('http://{host}:{port}/{a b}/{}'), ['host', 'port', 'a b']);
  });

  const URLS: [string, boolean, boolean][] = [
    ['https://example.com', true, true],
    ['http://example.com', true, false],
    ['https://{host}:{port}/x', true, true],
    ['https://example.com:{port}', true, true],
    ['{scheme}://example.com', true, false],
    ['https://127.0.0.1/mcp', true, false],
    ['ftp://example.com', false, false],
    ['https:///path', false, false],
    ['', false, false],
  ];
  for (const [url, valid, remoteValid] of URLS) {
    it(`${JSON.stringify(url)}: url ${valid}, remote ${remoteValid}`, () => {
      assert.equal(isValidUrl(url), valid);
      assert.equal(isValidRemoteUrl(url), remoteValid);
    });
  }

  it('requires every template variable to be declared', () => {
    assert.equal(isValidTemplatedUrl('https://x.example/{a}/{b}', ['a', 'b']), true);
    assert.equal(isValidTemplatedUrl('https://x.example/{a}/{b}', ['a']), false);
  });
});
