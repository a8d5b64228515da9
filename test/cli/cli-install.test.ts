/**
 * The `mcp-registry` command as `npm install -g <tarball>` installs it: the package is packed with
 * `npm pack` (package.json "files" and "bin"), unpacked where a global install puts it, and run by name
 * through PATH from folders outside the checkout, with an environment holding nothing of the
 * checkout's dev setup. Two stand-ins, both said in docs/cli.md: the compiled tree is this test run's
 * (what `prepack` would build), and node_modules is the checkout's (what npm would download).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CliRun,
  fakeService,
  FakeService,
  jsonOf,
  oneErrorLine,
  REPO_ROOT,
  runProgram,
  temporaryDirectory,
} from './cli-harness';

type TemporaryDirectory = Awaited<ReturnType<typeof temporaryDirectory>>;

interface PackResult {
  filename: string;
  files: Array<{ path: string; mode: number }>;
}

describe('the installed mcp-registry command', () => {
  let tmp: TemporaryDirectory;
  let registry: FakeService;
  let packed: PackResult;
  /** `<prefix>/bin`, where a global install links the command. */
  let binDir: string;
  let installed: string;

  const pathFor = (bin: string) =>
    [bin, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
  const mcpRegistry = (args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> =>
    runProgram('mcp-registry', args, {
      cwd,
      env: { PATH: pathFor(binDir), HOME: join(tmp.path, 'home'), TZ: 'UTC', ...env },
    });
  const folder = async (name: string, files: Record<string, string> = {}) => {
    const path = join(tmp.path, 'work', name);
    await mkdir(path, { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(join(path, file), text);
    return path;
  };

  before(async () => {
    tmp = await temporaryDirectory('install');
    registry = await fakeService((r) =>
      r.url === '/v0/validate' ? { body: { valid: true, issues: [] } } : undefined,
    );

    // The checkout as `npm pack` sees it once `prepack` has compiled it, plus sources that must stay out.
    const stage = join(tmp.path, 'stage');
    for (const path of ['package.json', 'README.md', 'bin', 'scripts', 'docs', 'apps/cli']) {
      await cp(join(REPO_ROOT, path), join(stage, path), { recursive: true });
    }
    await cp(resolve(REPO_ROOT, process.env.REGISTRY_DIST ?? 'dist'), join(stage, 'dist'), {
      recursive: true,
    });
    const npm = { PATH: process.env.PATH ?? '', HOME: join(tmp.path, 'home') };
    const pack = await runProgram(
      'npm',
      [
        'pack',
        '--json',
        '--ignore-scripts',
        '--offline',
        '--pack-destination',
        tmp.path,
        '--cache',
        join(tmp.path, 'npm-cache'),
      ],
      { cwd: stage, env: npm, timeoutMs: 60_000 },
    );
    assert.equal(pack.code, 0, pack.stderr);
    [packed] = JSON.parse(pack.stdout) as PackResult[];

    // Where `npm install -g --prefix <prefix>` puts the package and links its bin.
    const prefix = join(tmp.path, 'prefix');
    const manifest = JSON.parse(await readFile(join(stage, 'package.json'), 'utf8')) as {
      name: string;
      bin: Record<string, string>;
    };
    installed = join(prefix, 'lib', 'node_modules', manifest.name);
    binDir = join(prefix, 'bin');
    await Promise.all([mkdir(installed, { recursive: true }), mkdir(binDir, { recursive: true })]);
    const untar = await runProgram(
      'tar',
      ['-xzf', join(tmp.path, packed.filename), '-C', installed, '--strip-components=1'],
      { cwd: tmp.path, env: npm },
    );
    assert.equal(untar.code, 0, untar.stderr);
    await symlink(join(REPO_ROOT, 'node_modules'), join(installed, 'node_modules'));
    for (const [name, target] of Object.entries(manifest.bin)) {
      await symlink(join('..', 'lib', 'node_modules', manifest.name, target), join(binDir, name));
    }
  });
  after(async () => {
    await registry?.close();
    await tmp?.remove();
  });

  it('packs the bin, the compiled CLI and its libs, and leaves sources, tests, specs and maps out', async () => {
    const paths = packed.files.map((f) => f.path);
    for (const needed of [
      'package.json',
      'bin/mcp-registry.js',
      'scripts/register-paths.cjs',
      'docs/cli.md',
      'dist/apps/cli/src/main.js',
      'dist/libs/registry-runtime/src/index.js',
      'dist/libs/store-sqlite/src/index.js',
    ]) {
      assert.ok(paths.includes(needed), `${needed} is packed`);
    }
    const strays = paths.filter(
      (p) =>
        /\.(ts|map)$/.test(p) ||
        p.endsWith('.spec.js') ||
        /^dist\/(test|bench)\//.test(p) ||
        (p.startsWith('dist/apps/') && !p.startsWith('dist/apps/cli/')) ||
        (p.startsWith('scripts/') && p !== 'scripts/register-paths.cjs') ||
        (p.startsWith('docs/') && p !== 'docs/cli.md'),
    );
    assert.deepEqual(strays, []);
    assert.equal(packed.files.find((f) => f.path === 'bin/mcp-registry.js')?.mode, 0o755);
    assert.equal((await stat(join(installed, 'bin', 'mcp-registry.js'))).mode & 0o111, 0o111);
  });

  it('runs by name from any folder: --help, and a command --help', async () => {
    const empty = await folder('empty');
    const help = await mcpRegistry(['--help'], empty);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: mcp-registry <command> \[arguments\] \[flags\]$/m);
    const init = await mcpRegistry(['init', '--help'], empty);
    assert.equal(init.stdout.split('\n')[0], 'Usage: mcp-registry init [--dir <folder>]');
  });

  it('init writes server.json in the folder it runs in, from its package.json', async () => {
    const project = await folder('node-project', {
      'package.json': JSON.stringify({
        name: '@acme/weather-mcp',
        version: '0.3.1',
        description: 'Weather forecasts for agents',
        repository: { type: 'git', url: 'git+https://github.com/acme/weather-mcp.git' },
      }),
    });
    const run = await mcpRegistry(['init', '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const written = JSON.parse(await readFile(join(project, 'server.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.deepEqual(jsonOf(run), { path: join(project, 'server.json'), serverJson: written });
    assert.equal(written.name, 'io.github.acme/weather-mcp');
    assert.equal(written.version, '0.3.1');
    assert.deepEqual(
      (written.packages as Array<Record<string, unknown>>).map((p) => [
        p.registryType,
        p.identifier,
        p.version,
      ]),
      [['npm', '@acme/weather-mcp', '0.3.1']],
    );
    assert.ok(!existsSync(join(installed, 'server.json')), 'nothing is written into the installed package');
  });

  it('init reads pyproject.toml, here through --dir from another folder', async () => {
    const project = await folder('python-project', {
      'pyproject.toml': [
        '[project]',
        'name = "weather-mcp"',
        'version = "2.0.0"',
        'description = "Weather, in Python"',
        '[project.urls]',
        'Repository = "https://github.com/acme/weather-py"',
      ].join('\n'),
    });
    const run = await mcpRegistry(['init', '--dir', project], await folder('elsewhere'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^Created ${project}/server\\.json$`, 'm'));
    const written = JSON.parse(await readFile(join(project, 'server.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(written.name, 'io.github.acme/weather-py');
    assert.equal(written.description, 'Weather, in Python');
    assert.deepEqual(
      (written.packages as Array<Record<string, unknown>>).map((p) => [
        p.registryType,
        p.identifier,
        p.version,
      ]),
      [['pypi', 'weather-mcp', '2.0.0']],
    );
  });

  it('validate --json talks to the registry; a missing file is exit code 2 with a JSON error', async () => {
    const project = await folder('to-validate', { 'server.json': '{"name": "io.github.acme/x"}' });
    const run = await mcpRegistry(['validate', '--json', '--registry', registry.url], project);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(jsonOf(run), { file: 'server.json', registry: registry.url, valid: true, issues: [] });
    const missing = await mcpRegistry(['validate', 'gone.json', '--json'], project);
    assert.equal(missing.code, 2);
    assert.equal(oneErrorLine(missing.stderr), 'Error: gone.json not found, please check the file path');
    assert.deepEqual(jsonOf(missing), {
      error: { message: 'gone.json not found, please check the file path', exitCode: 2 },
    });
  });

  it('runs an operator command, which loads the registry runtime and its store from the package', async () => {
    const work = await folder('operator', {
      'seed.json': JSON.stringify([
        {
          $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
          name: 'io.github.acme/seeded',
          description: 'Seeded',
          version: '1.0.0',
        },
      ]),
    });
    const run = await mcpRegistry(['import', 'seed.json', '--json'], work, {
      MCP_REGISTRY_DATA_DIR: join(work, 'data'),
    });
    assert.equal(run.code, 0, run.stderr);
    const report = jsonOf(run);
    assert.deepEqual([report.imported, report.skipped], [1, 0]);
  });

  it('passes a signal on to the CLI it runs, and ends by it', async () => {
    // A registry that never answers: its request says the CLI is running, its socket's close that it ended.
    let requested!: () => void;
    const request = new Promise<void>((done) => (requested = done));
    let closed!: () => void;
    const socketClosed = new Promise<void>((done) => (closed = done));
    const silent = createServer((req) => {
      req.socket.on('close', () => closed());
      requested();
    });
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const project = await folder('signalled', { 'server.json': '{}' });
      const child = spawn('mcp-registry', ['validate', '--registry', url], {
        cwd: project,
        env: { PATH: pathFor(binDir), HOME: join(tmp.path, 'home') },
        stdio: 'ignore',
      });
      const ended = new Promise<string | null>((done) => child.on('exit', (_code, signal) => done(signal)));
      await request;
      child.kill('SIGTERM');
      assert.equal(await ended, 'SIGTERM');
      await socketClosed;
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });

  it('says in one line when the compiled CLI is missing', async () => {
    const bare = join(tmp.path, 'bare');
    await cp(join(REPO_ROOT, 'bin'), join(bare, 'bin'), { recursive: true });
    const run = await runProgram(process.execPath, [join(bare, 'bin', 'mcp-registry.js'), '--help'], {
      cwd: tmp.path,
      env: { PATH: pathFor(binDir) },
    });
    assert.equal(run.code, 1);
    assert.equal(
      oneErrorLine(run.stderr),
      `Error: the compiled CLI is missing at ${join(bare, 'dist', 'apps', 'cli', 'src', 'main.js')}; run 'npm run build:cli' in ${bare}`,
    );
  });
});
