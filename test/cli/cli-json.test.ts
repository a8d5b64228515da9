import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fakeService, jsonOf, oneErrorLine, problem } from './cli-harness';
import { FUTURE, OFFICIAL, publisherFixture, SERVER } from './publisher-fixture';

const ISSUE = {
  type: 'semantic',
  path: 'version',
  message: 'version "^1" is a range',
  severity: 'error',
  reference: 'version-range',
};

describe('mcp-registry --json: one JSON object on stdout, for scripts', () => {
  const f = publisherFixture();
  const loggedIn = () =>
    f.storeToken({ token: 'jwt-1', method: 'none', registry: f.registry.url, expires_at: FUTURE });

  it('validate: the file, the registry and every issue, valid or not', async () => {
    f.route = () => ({ body: { valid: true, issues: [] } });
    const valid = await f.cli(['validate', '--json']);
    assert.equal(valid.code, 0, valid.stderr);
    assert.equal(valid.stderr, '');
    assert.deepEqual(jsonOf(valid), {
      file: 'server.json',
      registry: f.registry.url,
      valid: true,
      issues: [],
    });

    f.route = () => ({ body: { valid: false, issues: [ISSUE] } });
    const invalid = await f.cli(['--json', 'validate']);
    assert.equal(invalid.code, 1);
    const line = 'server.json is not valid: 1 error(s), 0 other issue(s)';
    assert.equal(oneErrorLine(invalid.stderr), `Error: ${line}`);
    assert.deepEqual(jsonOf(invalid), {
      file: 'server.json',
      registry: f.registry.url,
      valid: false,
      issues: [ISSUE],
      error: { message: line, exitCode: 1 },
    });
  });

  it('login, publish, status and logout each print their result', async () => {
    f.route = (r) => {
      if (r.url === '/v0/auth/none') return { body: { registry_token: 'anon-jwt', expires_at: FUTURE } };
      if (r.url === '/v0/publish') {
        return { body: { server: SERVER, _meta: { [OFFICIAL]: { status: 'active', isLatest: true } } } };
      }
      if (r.method === 'GET')
        return { body: { server: SERVER, _meta: { [OFFICIAL]: { status: 'active' } } } };
      return r.method === 'PATCH' ? { body: {} } : undefined;
    };
    const login = await f.cli(['login', 'none', '--json']);
    assert.equal(login.code, 0, login.stderr);
    assert.deepEqual(jsonOf(login), {
      method: 'none',
      registry: f.registry.url,
      tokenFile: f.tokenFile(),
      expiresAt: '2100-01-01T00:00:00.000Z',
      proofRecord: null,
    });

    const publish = await f.cli(['publish', '--json']);
    assert.equal(publish.code, 0, publish.stderr);
    assert.deepEqual(jsonOf(publish), {
      registry: f.registry.url,
      server: SERVER,
      _meta: { [OFFICIAL]: { status: 'active', isLatest: true } },
    });

    const status = await f.cli([
      'status',
      SERVER.name,
      SERVER.version,
      '--status',
      'deprecated',
      '-m',
      'Use 2.x',
      '--json',
    ]);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(jsonOf(status), {
      registry: f.registry.url,
      name: SERVER.name,
      status: 'deprecated',
      statusMessage: 'Use 2.x',
      versions: [{ version: SERVER.version, previousStatus: 'active' }],
      updatedCount: 1,
    });

    const logout = await f.cli(['logout', '--json']);
    assert.deepEqual(jsonOf(logout), { loggedOut: true, tokenFile: f.tokenFile() });
    assert.deepEqual(jsonOf(await f.cli(['logout', '--json'])), {
      loggedOut: false,
      tokenFile: f.tokenFile(),
    });
  });

  it('never asks: a change that needs a confirmation needs --yes', async () => {
    await loggedIn();
    f.route = (r) =>
      r.method === 'GET'
        ? { body: { servers: [{ server: SERVER, _meta: { [OFFICIAL]: { status: 'active' } } }] } }
        : undefined;
    const run = await f.cli(['status', SERVER.name, '--status', 'deleted', '--json']);
    assert.equal(run.code, 2);
    const line = `changing every version of ${SERVER.name} needs --yes (--json never asks)`;
    assert.equal(oneErrorLine(run.stderr), `Error: ${line}`);
    assert.deepEqual(jsonOf(run), { error: { message: line, exitCode: 2 } });
    assert.ok(f.requests.every((r) => r.method === 'GET'));
  });

  it('puts the GitHub device code on stderr, since stdout is kept for the result', async () => {
    const github = await fakeService((r) => {
      if (r.url === '/login/device/code') {
        return { body: { device_code: 'd', user_code: 'WXYZ-0000', verification_uri: 'https://gh/device' } };
      }
      return r.url === '/login/oauth/access_token' ? { body: { access_token: 'gho_x' } } : undefined;
    });
    try {
      f.route = (r) => {
        if (r.url === '/v0/health') return { body: { github_client_id: 'client-9' } };
        return r.url === '/v0/auth/github-at' ? { body: { registry_token: 'gh-jwt' } } : undefined;
      };
      const run = await f.cli(['login', 'github-at', '--json'], { MCP_GITHUB_URL: github.url });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /2\. Enter code: WXYZ-0000\n/);
      assert.equal(jsonOf(run).method, 'github-at');
    } finally {
      await github.close();
    }
  });

  it('help is {"help": <text>}, so that stdout is JSON whatever was asked', async () => {
    const run = await f.cli(['publish', '--help', '--json']);
    assert.equal(run.code, 0);
    assert.match(String(jsonOf(run).help), /^Usage: mcp-registry publish \[file\] \[--registry <url>\]\n/);
  });

  it('leaves a --json after -- to the command', async () => {
    const run = await f.cli(['validate', '--', '--json']);
    assert.equal(run.code, 2);
    assert.equal(oneErrorLine(run.stderr), 'Error: --json not found, please check the file path');
    assert.equal(run.stdout, '');
  });

  // The exit codes docs/cli.md documents, one case each.
  const exits: Array<{ what: string; code: number; args: string[]; setup?: () => Promise<void> }> = [
    {
      what: 'done',
      code: 0,
      args: ['validate'],
      setup: async () => void (f.route = () => ({ body: { valid: true } })),
    },
    {
      what: 'refused by the registry',
      code: 1,
      args: ['publish'],
      setup: async () => {
        await loggedIn();
        f.route = () => problem(403, 'Forbidden', 'You do not have permission to publish this server');
      },
    },
    {
      what: 'a failed check',
      code: 1,
      args: ['validate'],
      setup: async () => void (f.route = () => ({ body: { valid: false, issues: [ISSUE] } })),
    },
    { what: 'not logged in', code: 1, args: ['publish'] },
    { what: 'an unknown command', code: 2, args: ['frobnicate'] },
    { what: 'an unknown flag', code: 2, args: ['publish', '--force'] },
    { what: 'a missing argument', code: 2, args: ['status'] },
    { what: 'a missing input file', code: 2, args: ['publish', 'missing.json'] },
    {
      what: 'an input file that is not JSON',
      code: 2,
      args: ['validate', 'broken.json'],
      setup: () => writeFile(join(f.work.path, 'broken.json'), '{'),
    },
  ];
  for (const e of exits) {
    it(`exit code ${e.code}: ${e.what}`, async () => {
      await e.setup?.();
      const text = await f.cli(e.args);
      assert.equal(text.code, e.code, text.stderr);
      const json = await f.cli([...e.args, '--json']);
      assert.equal(json.code, e.code, json.stderr);
      const output = jsonOf(json);
      if (e.code === 0) {
        assert.equal(text.stderr, '');
        assert.equal(output.error, undefined);
      } else {
        const line = oneErrorLine(text.stderr);
        assert.equal(oneErrorLine(json.stderr), line);
        assert.deepEqual(output.error, { message: line.replace(/^Error: /, ''), exitCode: e.code });
      }
    });
  }
});
