import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oneErrorLine, runCli } from './cli-harness';

describe('mcp-registry: help and command-line errors', () => {
  it('--help lists every command and exits 0', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    for (const command of [
      'init',
      'validate',
      'login',
      'logout',
      'publish',
      'status',
      'namespace',
      'import',
      'replay',
    ]) {
      assert.match(run.stdout, new RegExp(`^  ${command} +\\S`, 'm'), command);
    }
  });

  const usages: Record<string, string> = {
    import: 'Usage: mcp-registry import <file-or-url> [--order file|published] [--verbose]',
    replay: 'Usage: mcp-registry replay [--drop-previous]',
    init: 'Usage: mcp-registry init [--dir <folder>]',
    validate: 'Usage: mcp-registry validate [file] [--registry <url>]',
    publish: 'Usage: mcp-registry publish [file] [--registry <url>]',
    logout: 'Usage: mcp-registry logout',
    status:
      'Usage: mcp-registry status <name> [--version <version>] --status active|deprecated|deleted [--message <text>] [--yes] [--registry <url>]',
    login:
      'Usage: mcp-registry login <none|github-at|github-oidc|dns|http|api-key> [--registry <url>] [--token <github-token>] [--domain <domain> --private-key <hex> [--algorithm ed25519|ecdsap384]] [--key -|<key>]',
  };
  for (const [command, usage] of Object.entries(usages)) {
    it(`${command} --help prints its usage line and exits 0`, async () => {
      const run = await runCli([command, '--help']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.split('\n')[0], usage);
      assert.match(run.stdout, /-h, --help +Show this help/);
      assert.match(run.stdout, /--json +Print the result as one JSON object on stdout/);
    });
  }

  it('--help names --json and the exit codes', async () => {
    const run = await runCli(['--help']);
    assert.match(run.stdout, /^Every command takes --json/m);
    assert.match(run.stdout, /^Exit codes: 0 done; 1 failed or refused/m);
    assert.match(run.stdout, /^ +2 bad command line or unusable input file/m);
  });

  it('namespace --help lists its subcommands and gives each its usage line', async () => {
    const group = await runCli(['namespace', '--help']);
    assert.equal(group.code, 0, group.stderr);
    assert.equal(
      group.stdout.split('\n')[0],
      'Usage: mcp-registry namespace <claim|status|verify|keys|release> [arguments] [flags]',
    );
    for (const sub of ['claim', 'status', 'verify', 'keys', 'release']) {
      assert.match(group.stdout, new RegExp(`^  ${sub} +\\S`, 'm'), sub);
    }
    const overall = await runCli(['--help']);
    assert.match(overall.stdout, /^ {2}namespace +Claim and prove a namespace/m);
    const usages: Record<string, string> = {
      claim:
        'namespace claim <namespace> --method dns|http|github [--github-token -|<token>] [--registry <url>]',
      status: 'namespace status [<id>] [--registry <url>]',
      verify: 'namespace verify <id> [--github-token -|<token>] [--registry <url>]',
      keys: 'namespace keys <id> [create [--name <name>] | revoke <keyId>] [--registry <url>]',
      release: 'namespace release <id> [--yes] [--registry <url>]',
    };
    for (const [sub, usage] of Object.entries(usages)) {
      for (const args of [
        ['namespace', sub, '--help'],
        ['help', 'namespace', sub],
      ]) {
        const run = await runCli(args);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout.split('\n')[0], `Usage: mcp-registry ${usage}`);
        assert.match(run.stdout, /-h, --help +Show this help/);
      }
    }
  });

  const errors: Array<{ args: string[]; code: number; line: string }> = [
    {
      args: ['frobnicate'],
      code: 2,
      line: `Error: unknown command "frobnicate" (run 'mcp-registry --help' for the list)`,
    },
    { args: [], code: 2, line: `Error: missing command (run 'mcp-registry --help' for the list)` },
    {
      args: ['--verbose'],
      code: 2,
      line: `Error: unknown flag "--verbose" (run 'mcp-registry --help' for the list)`,
    },
    {
      args: ['import'],
      code: 2,
      line: `Error: missing <file-or-url> for import (see 'mcp-registry import --help')`,
    },
    {
      args: ['import', 'a.json', '--order', 'random'],
      code: 2,
      line: 'Error: flag --order must be one of file, published; got "random"',
    },
    {
      args: ['import', 'a.json', 'b.json'],
      code: 2,
      line: `Error: unexpected argument "b.json" for import (see 'mcp-registry import --help')`,
    },
    {
      args: ['publish', '--force'],
      code: 2,
      line: `Error: unknown flag --force for publish (see 'mcp-registry publish --help')`,
    },
    {
      args: ['status', 'io.github.a/b', '--message'],
      code: 2,
      line: 'Error: flag --message needs a value <text>',
    },
    { args: ['status', 'io.github.a/b', '--yes=no'], code: 2, line: 'Error: flag --yes takes no value' },
    {
      args: ['login', 'password'],
      code: 2,
      line: 'Error: unknown login method "password" (one of none, github-at, github-oidc, dns, http, api-key)',
    },
    {
      args: ['login', 'none', '--registry', 'ftp://x'],
      code: 2,
      line: 'Error: registry URL "ftp://x" is not an http(s) URL',
    },
    {
      args: ['login', 'dns', '--private-key', 'ab'],
      code: 2,
      line: 'Error: dns login needs --domain <domain>',
    },
    {
      args: ['login', 'none', '--domain', 'example.com'],
      code: 2,
      line: 'Error: --domain and --private-key apply to dns and http logins only',
    },
  ];
  for (const e of errors) {
    it(`"${e.args.join(' ')}" fails with exit ${e.code} and one line`, async () => {
      const run = await runCli(e.args, { env: { MCP_REGISTRY_URL: 'http://127.0.0.1:9' } });
      assert.equal(run.code, e.code);
      assert.equal(oneErrorLine(run.stderr), e.line);
    });
  }

  it('an import from a missing file fails with one line naming it, before the store is opened', async () => {
    const run = await runCli(['import', '/nonexistent/seed.json'], {
      env: { MCP_REGISTRY_DATA_DIR: '/nonexistent/data' },
    });
    assert.equal(run.code, 1);
    assert.equal(oneErrorLine(run.stderr), 'Error: cannot import from /nonexistent/seed.json: no such file');
  });

  it('operator commands fail with one line on bad configuration', async () => {
    const run = await runCli(['replay'], { env: { MCP_REGISTRY_STORE: 'cassandra' } });
    assert.equal(run.code, 1);
    assert.equal(
      oneErrorLine(run.stderr),
      'Error: bad configuration: MCP_REGISTRY_STORE: expected "embedded" or "distributed", got "cassandra"',
    );
  });
});
