import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { remoteConnectionOf, runLineOf } from '@registry/registry-ui';
import { SNAPSHOT_FILE } from '@test/support/repo-paths';

interface SnapshotEntry {
  server: {
    name: string;
    version: string;
    packages?: Array<Record<string, unknown>>;
    remotes?: Array<Record<string, unknown>>;
  };
  _meta: Record<string, { isLatest?: boolean }>;
}

const entries = JSON.parse(readFileSync(SNAPSHOT_FILE(), 'utf8')) as SnapshotEntry[];
const latest = new Map(
  entries
    .filter((e) => e._meta['io.modelcontextprotocol.registry/official']?.isLatest === true)
    .map((e) => [e.server.name, e.server]),
);

function packageOf(name: string, index: number): Record<string, unknown> {
  const pkg = latest.get(name)?.packages?.[index];
  assert.ok(pkg, `${name} package ${index} is in the snapshot`);
  return pkg;
}

/** Real packages of the official registry (snapshot of 2025-12-18, latest versions), one per shape. */
const REAL: Array<[name: string, index: number, line: string]> = [
  ['com.pulsemcp.servers/pulse-fetch', 0, 'npx -y @pulsemcp/pulse-fetch@0.2.14'],
  // A named argument published without dashes goes on the line as published, as clients spawn it.
  ['io.github.ycjcl868/mcp-server-fear-greed', 1, 'npx -y mcp-server-fear-greed@latest port {port}'],
  ['io.github.cyanheads/protein-mcp-server', 0, 'bun protein-mcp-server@1.0.3 run start:stdio'],
  [
    'io.github.abhishekbhakat/airflow-mcp-server',
    1,
    'AIRFLOW_BASE_URL={AIRFLOW_BASE_URL} AUTH_TOKEN={AUTH_TOKEN} uvx airflow-mcp-server==0.8.2 --port 3000 --host localhost',
  ],
  [
    'io.github.therealtimex/browser-use',
    0,
    "OPENAI_API_KEY={OPENAI_API_KEY} uvx 'realtimex-browser-use[cli]@0.7.10' realtimex-browser-use==0.7.10 --mcp",
  ],
  ['io.github.PagerDuty/pagerduty-mcp', 0, 'uvx pagerduty-mcp==0.2.1 --enable-write-tools'],
  ['io.github.timheuer/sampledotnetmcpserver', 0, 'dnx TimHeuer.SampleDotnetMcpServer@0.1.57-beta --yes'],
  [
    'io.github.joelverhagen/Knapcode.SampleMcpServer',
    0,
    'WEATHER_CHOICES={weather_choices} dnx Knapcode.SampleMcpServer@0.7.0-beta --yes -- mcp start',
  ],
  [
    'io.github.dockersamples/mcp-docker-release-information',
    0,
    'docker run -i --rm docker.io/dockersamples/mcp-docker-release-information:0.3.0',
  ],
  ['io.github.omazapa/root-mcp', 0, 'docker run -i --rm --network host docker.io/omazapa/root-mcp:1.0.0'],
  [
    'io.github.googleapis/genai-toolbox',
    0,
    'docker run -i --rm --address {host} --port {port} us-central1-docker.pkg.dev/database-toolbox/toolbox/toolbox:0.21.0',
  ],
  [
    'io.github.SamYuan1990/i18n-agent-action',
    0,
    'docker run -i --rm -p 8080:8080 -e api_key={api_key} -v {models_path}:/app/models -e encoder={encoder_file} -e decoder={decoder_file} -e tokens={tokens_file} ghcr.io/SamYuan1990/i18n-agent-action:mcp',
  ],
];

describe('run lines of real server.json packages (official snapshot)', () => {
  for (const [name, index, line] of REAL) {
    it(`${name} package ${index}`, () => assert.equal(runLineOf(packageOf(name, index)).command, line));
  }

  it('gives an MCPB package as its download URL and hash, its variables as inputs', () => {
    const run = runLineOf(packageOf('io.github.tuannvm/mcp-trino', 0));
    assert.deepEqual(run.download, {
      url: 'https://github.com/tuannvm/mcp-trino/releases/download/v2.2.1/mcp-trino_2.2.1_darwin_arm64.tar.gz',
      sha256: '1a18882ab43243e17420f3562118a4c3e7fff12bc6b145066ae64b90b2dc0159',
    });
    assert.deepEqual(
      run.inputs.map((i) => [i.name, i.required, i.secret]),
      [
        ['TRINO_HOST', true, false],
        ['TRINO_PORT', false, false],
        ['TRINO_USER', true, false],
        ['TRINO_PASSWORD', false, true],
      ],
    );
  });

  it('shows a remote header with its templated value', () => {
    const remote = latest.get('ai.smithery/arjunkmrm-perplexity-search')?.remotes?.[0];
    assert.ok(remote);
    assert.deepEqual(remoteConnectionOf(remote).headerLines, ['Authorization: Bearer {smithery_api_key}']);
  });

  it('builds a line for every package of every version, naming the package', () => {
    let packages = 0;
    for (const { server } of entries) {
      for (const pkg of server.packages ?? []) {
        packages++;
        const run = runLineOf(pkg);
        const where = `${server.name}@${server.version} ${JSON.stringify(pkg.identifier)}`;
        if (pkg.registryType === 'mcpb') {
          assert.equal(run.download?.url, pkg.identifier, where);
          continue;
        }
        assert.ok(run.command !== undefined && run.command.length > 0, where);
        assert.ok(
          run.argv.some((a) => a.startsWith(String(pkg.identifier))),
          where,
        );
        const runner =
          typeof pkg.runtimeHint === 'string' && pkg.runtimeHint !== '' ? pkg.runtimeHint : run.argv[0];
        assert.equal(run.argv[0], runner, where);
      }
    }
    assert.ok(packages > 2000, `${packages} packages`);
  });
});
