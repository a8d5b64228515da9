import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { oneErrorLine, runCli, temporaryDirectory } from './cli-harness';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const API_KEY = {
  name: 'YOUR_API_KEY',
  description: 'Your API key for the service',
  isRequired: true,
  isSecret: true,
  format: 'string',
};

describe('mcp-registry init', () => {
  let cwd: { path: string; remove(): Promise<void> };
  beforeEach(async () => {
    cwd = await temporaryDirectory('init');
  });
  afterEach(async () => {
    await cwd.remove();
  });
  const serverJson = async () =>
    JSON.parse(await readFile(join(cwd.path, 'server.json'), 'utf8')) as Record<string, unknown>;

  it('writes a template guessed from package.json', async () => {
    await writeFile(
      join(cwd.path, 'package.json'),
      JSON.stringify({
        name: '@acme/weather-mcp',
        version: '0.3.1',
        description: 'Weather forecasts for agents',
        repository: { type: 'git', url: 'git+https://github.com/acme/weather-mcp.git' },
      }),
    );
    const run = await runCli(['init'], { cwd: cwd.path });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Created server\.json\n/);
    assert.deepEqual(await serverJson(), {
      $schema: SCHEMA,
      name: 'io.github.acme/weather-mcp',
      description: 'Weather forecasts for agents',
      repository: { url: 'https://github.com/acme/weather-mcp', source: 'github' },
      version: '0.3.1',
      packages: [
        {
          registryType: 'npm',
          registryBaseUrl: 'https://registry.npmjs.org',
          identifier: '@acme/weather-mcp',
          version: '0.3.1',
          transport: { type: 'stdio' },
          environmentVariables: [API_KEY],
        },
      ],
    });
  });

  it('falls back to placeholders without a package.json, and to OCI with a Dockerfile', async () => {
    await writeFile(join(cwd.path, 'Dockerfile'), 'FROM scratch\n');
    const run = await runCli(['init'], { cwd: cwd.path });
    assert.equal(run.code, 0, run.stderr);
    const name = `com.example/${basename(cwd.path)}`;
    assert.deepEqual(await serverJson(), {
      $schema: SCHEMA,
      name,
      description: 'An MCP server that provides [describe what your server does]',
      repository: { url: 'https://github.com/YOUR_USERNAME/YOUR_REPO', source: 'github' },
      version: '1.0.0',
      packages: [
        {
          registryType: 'oci',
          identifier: `docker.io/your-org/${basename(cwd.path)}:1.0.0`,
          transport: { type: 'stdio' },
          environmentVariables: [API_KEY],
        },
      ],
    });
  });

  it('guesses a PyPI package from pyproject.toml', async () => {
    await writeFile(join(cwd.path, 'pyproject.toml'), '[project]\nname = "weather-mcp"\nversion = "2.0.0"\n');
    assert.equal((await runCli(['init'], { cwd: cwd.path })).code, 0);
    const packages = (await serverJson()).packages as Array<Record<string, unknown>>;
    assert.equal(packages[0].registryType, 'pypi');
    assert.equal(packages[0].identifier, 'weather-mcp');
    assert.equal(packages[0].registryBaseUrl, 'https://pypi.org');
  });

  it('never overwrites an existing server.json', async () => {
    await writeFile(join(cwd.path, 'server.json'), '{"keep": true}');
    const run = await runCli(['init'], { cwd: cwd.path });
    assert.equal(run.code, 1);
    assert.equal(oneErrorLine(run.stderr), 'Error: server.json already exists');
    assert.equal(await readFile(join(cwd.path, 'server.json'), 'utf8'), '{"keep": true}');
  });
});
