import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { jsonOf, oneErrorLine, REPO_ROOT, runCli, temporaryDirectory } from './cli-harness';

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

  it('reads pyproject.toml: [project] for name, description and version, [project.urls] for the repository', async () => {
    await writeFile(
      join(cwd.path, 'pyproject.toml'),
      [
        '[build-system]',
        'requires = ["hatchling"]',
        '',
        '[project]',
        'name = "weather-mcp"',
        'version = "2.0.0"',
        "description = 'Weather forecasts, for agents'",
        'dependencies = [',
        '  "mcp>=1.2",  # name = "not-this"',
        ']',
        '',
        '[project.urls]',
        'Homepage = "https://weather.example.org"',
        '"Source Code" = "https://github.com/acme/weather-mcp.git"',
      ].join('\n'),
    );
    const run = await runCli(['init'], { cwd: cwd.path });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^ {2}• PyPI: "mcp-name: io\.github\.acme\/weather-mcp" in the package README$/m,
    );
    assert.deepEqual(await serverJson(), {
      $schema: SCHEMA,
      name: 'io.github.acme/weather-mcp',
      description: 'Weather forecasts, for agents',
      repository: { url: 'https://github.com/acme/weather-mcp', source: 'github' },
      version: '2.0.0',
      packages: [
        {
          registryType: 'pypi',
          registryBaseUrl: 'https://pypi.org',
          identifier: 'weather-mcp',
          version: '2.0.0',
          transport: { type: 'stdio' },
          environmentVariables: [API_KEY],
        },
      ],
    });
  });

  it('--dir reads and writes another folder; --json prints the path and the template', async () => {
    const project = join(cwd.path, 'project');
    await mkdir(project);
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'tool', version: '1.0.1', mcpName: 'com.acme/tool' }),
    );
    const run = await runCli(['init', '--dir', 'project', '--json'], { cwd: cwd.path });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const written = JSON.parse(await readFile(join(project, 'server.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.deepEqual(jsonOf(run), { path: join(project, 'server.json'), serverJson: written });
    assert.equal(written.name, 'com.acme/tool');
    assert.ok(!existsSync(join(cwd.path, 'server.json')));

    const again = await runCli(['init', '--dir', 'project', '--json'], { cwd: cwd.path });
    assert.equal(again.code, 1);
    const line = `${join(project, 'server.json')} already exists`;
    assert.equal(oneErrorLine(again.stderr), `Error: ${line}`);
    assert.deepEqual(jsonOf(again), { error: { message: line, exitCode: 1 } });

    const missing = await runCli(['init', '--dir', 'nowhere'], { cwd: cwd.path });
    assert.equal(missing.code, 2);
    assert.equal(oneErrorLine(missing.stderr), 'Error: nowhere is not a folder');
  });

  it("under this checkout's `npm run cli`, writes where the command was typed (INIT_CWD)", async () => {
    const typedIn = join(cwd.path, 'typed-in');
    const packageRoot = join(cwd.path, 'package-root');
    await Promise.all([mkdir(typedIn), mkdir(packageRoot)]);
    const npmRun = (packageJson: string) => ({
      cwd: packageRoot,
      env: { npm_lifecycle_event: 'cli', npm_package_json: packageJson, INIT_CWD: typedIn },
    });
    const run = await runCli(['init'], npmRun(join(REPO_ROOT, 'package.json')));
    assert.equal(run.code, 0, run.stderr);
    assert.ok(existsSync(join(typedIn, 'server.json')));
    assert.ok(!existsSync(join(packageRoot, 'server.json')));

    // Another project's `cli` script that runs mcp-registry keeps its own working directory.
    const other = await runCli(['init'], npmRun(join(cwd.path, 'package.json')));
    assert.equal(other.code, 0, other.stderr);
    assert.ok(existsSync(join(packageRoot, 'server.json')));
  });

  it('never overwrites an existing server.json', async () => {
    await writeFile(join(cwd.path, 'server.json'), '{"keep": true}');
    const run = await runCli(['init'], { cwd: cwd.path });
    assert.equal(run.code, 1);
    assert.equal(oneErrorLine(run.stderr), 'Error: server.json already exists');
    assert.equal(await readFile(join(cwd.path, 'server.json'), 'utf8'), '{"keep": true}');
  });
});
