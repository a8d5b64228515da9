import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { remoteConnectionOf } from './remote-connection';
import { runLineOf, shellQuote } from './run-line';

const stdio = { type: 'stdio' };

/** Packages of the registry docs' server.json examples (generic-server-json.md), and edge cases. */
const CASES: Array<[string, Record<string, unknown>, string]> = [
  [
    'npm with a required secret environment variable',
    {
      registryType: 'npm',
      identifier: '@modelcontextprotocol/server-brave-search',
      version: '1.0.2',
      transport: stdio,
      environmentVariables: [{ name: 'BRAVE_API_KEY', isRequired: true, isSecret: true }],
    },
    'BRAVE_API_KEY={BRAVE_API_KEY} npx -y @modelcontextprotocol/server-brave-search@1.0.2',
  ],
  [
    'npm with a required positional and an optional variable left out',
    {
      registryType: 'npm',
      identifier: '@modelcontextprotocol/server-filesystem',
      version: '1.0.2',
      transport: stdio,
      packageArguments: [{ type: 'positional', valueHint: 'target_dir', isRequired: true, isRepeated: true }],
      environmentVariables: [{ name: 'LOG_LEVEL', default: 'info' }],
    },
    'npx -y @modelcontextprotocol/server-filesystem@1.0.2 {target_dir}',
  ],
  [
    'oci with a templated mount and a fixed positional',
    {
      registryType: 'oci',
      identifier: 'docker.io/mcp/filesystem:1.0.2',
      transport: stdio,
      runtimeArguments: [
        {
          type: 'named',
          name: '--mount',
          value: 'type=bind,src={source_path},dst={target_path}',
          isRequired: true,
          variables: { source_path: { isRequired: true }, target_path: { default: '/project' } },
        },
      ],
      packageArguments: [{ type: 'positional', valueHint: 'target_dir', value: '/project' }],
    },
    'docker run -i --rm --mount type=bind,src={source_path},dst={target_path} docker.io/mcp/filesystem:1.0.2 /project',
  ],
  [
    'oci with environment variables as -e, optional ones left out',
    {
      registryType: 'oci',
      identifier: 'docker.io/example/database-manager-mcp:3.1.0',
      transport: stdio,
      runtimeArguments: [
        { type: 'named', name: '--network', value: 'host' },
        {
          type: 'named',
          name: '-e',
          value: 'DB_TYPE={db_type}',
          variables: { db_type: { isRequired: true } },
        },
      ],
      packageArguments: [
        { type: 'named', name: '--host', default: 'localhost', isRequired: true },
        { type: 'named', name: '--port', format: 'number' },
        { type: 'positional', valueHint: 'database_name', isRequired: true },
      ],
      environmentVariables: [
        { name: 'DB_USERNAME', isRequired: true },
        { name: 'DB_PASSWORD', isRequired: true, isSecret: true },
        { name: 'SSL_MODE', default: 'prefer' },
        { name: 'FIXED', value: 'a b' },
      ],
    },
    "docker run -i --rm --network host -e DB_TYPE={db_type} -e DB_USERNAME={DB_USERNAME} -e DB_PASSWORD={DB_PASSWORD} -e 'FIXED=a b' docker.io/example/database-manager-mcp:3.1.0 --host {host} {database_name}",
  ],
  [
    'oci without a tag takes the package version as its tag',
    { registryType: 'oci', identifier: 'ghcr.io/acme/server', version: '2.0.0', transport: stdio },
    'docker run -i --rm ghcr.io/acme/server:2.0.0',
  ],
  [
    'oci pinned by digest stays as it is',
    { registryType: 'oci', identifier: 'ghcr.io/acme/server@sha256:abc', version: '2.0.0', transport: stdio },
    'docker run -i --rm ghcr.io/acme/server@sha256:abc',
  ],
  [
    'pypi with uvx',
    {
      registryType: 'pypi',
      identifier: 'weather-mcp-server',
      version: '0.5.0',
      runtimeHint: 'uvx',
      transport: stdio,
      environmentVariables: [{ name: 'WEATHER_API_KEY', isRequired: true, isSecret: true }],
    },
    'WEATHER_API_KEY={WEATHER_API_KEY} uvx weather-mcp-server==0.5.0',
  ],
  [
    'nuget with dnx, package arguments after --',
    {
      registryType: 'nuget',
      identifier: 'Knapcode.SampleMcpServer',
      version: '0.4.0-beta',
      transport: stdio,
      packageArguments: [
        { type: 'positional', value: 'mcp' },
        { type: 'positional', value: 'start' },
      ],
    },
    'dnx Knapcode.SampleMcpServer@0.4.0-beta --yes -- mcp start',
  ],
  [
    'npm: an optional named argument stays out, a fixed positional goes in',
    {
      registryType: 'npm',
      identifier: 'snyk',
      version: '1.1298.0',
      transport: stdio,
      packageArguments: [
        { type: 'positional', value: 'mcp' },
        { type: 'named', name: '-t', default: 'stdio', choices: ['stdio', 'sse'] },
      ],
    },
    'npx -y snyk@1.1298.0 mcp',
  ],
  [
    'runtimeHint names another runner (no -y then)',
    {
      registryType: 'npm',
      identifier: 'protein-mcp-server',
      version: '1.0.3',
      runtimeHint: 'bun',
      transport: stdio,
      packageArguments: [{ type: 'positional', value: 'run' }],
    },
    'bun protein-mcp-server@1.0.3 run',
  ],
  [
    'npx runtime arguments that already say --yes, a required boolean flag, a named value',
    {
      registryType: 'npm',
      identifier: 'x',
      version: '1.0.0',
      runtimeHint: 'npx',
      transport: stdio,
      runtimeArguments: [
        { type: 'named', name: '--yes' },
        { type: 'positional', value: '--yes' },
      ],
      packageArguments: [
        { type: 'named', name: '--read-only', format: 'boolean', isRequired: true },
        { type: 'named', name: '--dir', value: "it's here" },
      ],
    },
    "npx --yes x@1.0.0 --read-only --dir 'it'\\''s here'",
  ],
  [
    'a registry type clients do not know: its name as the runner',
    { registryType: 'cargo', identifier: 'crate', version: '0.1.0', transport: stdio },
    'cargo crate@0.1.0',
  ],
];

describe('run lines: the command a client builds from a package', () => {
  for (const [what, pkg, expected] of CASES) {
    it(what, () => assert.equal(runLineOf(pkg).command, expected));
  }

  it('keeps argv unquoted, as a client spawns it', () => {
    const run = runLineOf({
      registryType: 'npm',
      identifier: 'x',
      version: '1',
      packageArguments: [{ type: 'positional', value: 'a b' }],
    });
    assert.deepEqual(run.argv, ['npx', '-y', 'x@1', 'a b']);
  });

  it('lists every input, saying which are in the line', () => {
    const run = runLineOf(CASES[3]![1]);
    assert.deepEqual(
      run.inputs.map((i) => [i.kind, i.name, i.value ?? null, i.inLine]),
      [
        ['runtime argument', '--network', 'host', true],
        ['runtime argument', '-e', 'DB_TYPE={db_type}', true],
        ['variable', 'db_type', '{db_type}', true],
        ['environment variable', 'DB_USERNAME', '{DB_USERNAME}', true],
        ['environment variable', 'DB_PASSWORD', '{DB_PASSWORD}', true],
        ['environment variable', 'SSL_MODE', '{SSL_MODE}', false],
        ['environment variable', 'FIXED', 'a b', true],
        ['package argument', '--host', '{host}', true],
        ['package argument', '--port', '{port}', false],
        ['package argument', 'database_name', '{database_name}', true],
      ],
    );
  });

  it('gives an MCPB bundle as a download, with its hash', () => {
    const url =
      'https://github.com/modelcontextprotocol/text-editor-mcpb/releases/download/v1.0.2/text-editor.mcpb';
    const run = runLineOf({ registryType: 'mcpb', identifier: url, fileSha256: 'fe33', transport: stdio });
    assert.equal(run.command, undefined);
    assert.deepEqual(run.download, { url, sha256: 'fe33' });
  });

  it('survives malformed packages', () => {
    assert.equal(runLineOf({}).command, "unknown ''");
    assert.equal(
      runLineOf({ registryType: 'npm', identifier: 'x', packageArguments: 'nope' }).command,
      'npx -y x',
    );
  });

  const quoting: Array<[string, string]> = [
    ['plain-1.0_x@y/z:w', 'plain-1.0_x@y/z:w'],
    ['{placeholder}', '{placeholder}'],
    ['{a,b}', "'{a,b}'"],
    ['a b', "'a b'"],
    ['$(rm -rf ~)', "'$(rm -rf ~)'"],
    ["it's", "'it'\\''s'"],
    ['pkg[cli]@1', "'pkg[cli]@1'"],
    ['', "''"],
  ];
  for (const [token, quoted] of quoting) {
    it(`quotes ${JSON.stringify(token)} as ${quoted}`, () => assert.equal(shellQuote(token), quoted));
  }
});

describe('remote connections', () => {
  it('lists headers as lines with placeholders, and the URL variables', () => {
    const remote = remoteConnectionOf({
      type: 'streamable-http',
      url: 'https://mcp.example.com/{tenant_id}/mcp',
      headers: [
        { name: 'X-API-Key', isRequired: true, isSecret: true },
        { name: 'X-Region', default: 'us-east-1', choices: ['us-east-1', 'eu-west-1'] },
        { name: 'Authorization', value: 'Bearer {token}', variables: { token: { isSecret: true } } },
      ],
      variables: { tenant_id: { description: 'Tenant', isRequired: true } },
    });
    assert.equal(remote.url, 'https://mcp.example.com/{tenant_id}/mcp');
    assert.deepEqual(remote.headerLines, [
      'X-API-Key: {X-API-Key}',
      'X-Region: {X-Region}',
      'Authorization: Bearer {token}',
    ]);
    assert.deepEqual(
      remote.variables.map((v) => [v.name, v.required, v.secret]),
      [
        ['token', false, true],
        ['tenant_id', true, false],
      ],
    );
  });
});
