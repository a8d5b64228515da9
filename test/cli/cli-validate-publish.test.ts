import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { closedPortUrl, oneErrorLine, problem, runCli } from './cli-harness';
import { FUTURE, OFFICIAL, publisherFixture, SERVER } from './publisher-fixture';

describe('mcp-registry validate and publish against a registry on loopback', () => {
  const f = publisherFixture();

  describe('validate', () => {
    it('posts the file to /v0/validate and reports it valid', async () => {
      f.route = (r) => (r.url === '/v0/validate' ? { body: { valid: true, issues: [] } } : undefined);
      const run = await f.cli(['validate']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '✅ server.json is valid\n');
      assert.equal(f.requests.length, 1);
      assert.equal(f.requests[0].method, 'POST');
      assert.equal(f.requests[0].contentType, 'application/json');
      assert.deepEqual(f.requests[0].json(), SERVER);
      assert.equal(f.requests[0].authorization, undefined);
    });

    it('prints every issue and fails with one line', async () => {
      const issues = [
        {
          type: 'semantic',
          path: 'version',
          message: 'version "^1" is a range',
          severity: 'error',
          reference: 'version-range',
        },
        {
          type: 'linter',
          path: 'description',
          message: 'short',
          severity: 'warning',
          reference: 'description-length',
        },
      ];
      f.route = () => ({ body: { valid: false, issues } });
      await writeFile(join(f.work.path, 'other.json'), JSON.stringify({ ...SERVER, version: '^1' }));
      const run = await f.cli(['validate', 'other.json', '--registry', f.registry.url]);
      assert.equal(run.code, 1);
      assert.equal(
        run.stdout,
        '❌ Validation failed with 2 issue(s):\n\n' +
          '1. [error] version (semantic)\n   version "^1" is a range\n   Reference: version-range\n\n' +
          '2. [warning] description (linter)\n   short\n   Reference: description-length\n\n',
      );
      assert.equal(oneErrorLine(run.stderr), 'Error: other.json is not valid: 1 error(s), 1 other issue(s)');
    });

    it('reports a missing file, bad JSON and a problem+json answer in one line each', async () => {
      let run = await f.cli(['validate', 'nope.json']);
      assert.equal(run.code, 2, 'an unusable input file is exit code 2');
      assert.equal(oneErrorLine(run.stderr), 'Error: nope.json not found, please check the file path');
      await writeFile(join(f.work.path, 'bad.json'), '{"name": ');
      run = await f.cli(['validate', 'bad.json']);
      assert.equal(run.code, 2);
      assert.match(oneErrorLine(run.stderr), /^Error: invalid JSON in bad\.json: /);
      f.route = () => problem(422, 'Unprocessable Entity', 'validation failed\nbody is not an object');
      run = await f.cli(['validate']);
      assert.equal(run.code, 1);
      assert.equal(
        oneErrorLine(run.stderr),
        'Error: validate failed: 422 Unprocessable Entity: validation failed body is not an object',
      );
      assert.equal(f.requests.length, 1, 'no request for files that cannot be read');
    });

    it('says when the registry cannot be reached', async () => {
      const nowhere = await closedPortUrl();
      const run = await f.cli(['validate'], { MCP_REGISTRY_URL: nowhere });
      assert.equal(run.code, 1);
      assert.equal(
        oneErrorLine(run.stderr),
        `Error: validate failed: cannot reach the registry at ${nowhere} (ECONNREFUSED)`,
      );
    });
  });

  describe('publish', () => {
    it('needs a login first', async () => {
      const run = await f.cli(['publish']);
      assert.equal(run.code, 1);
      assert.equal(oneErrorLine(run.stderr), "Error: not logged in; run 'mcp-registry login <method>' first");
      assert.equal(f.requests.length, 0);
    });

    it('posts server.json with the stored token to the registry the token came from', async () => {
      await f.storeToken({
        token: 'jwt-1',
        method: 'github-at',
        registry: f.registry.url,
        expires_at: FUTURE,
      });
      f.route = (r) =>
        r.url === '/v0/publish'
          ? { body: { server: SERVER, _meta: { [OFFICIAL]: { status: 'active', isLatest: true } } } }
          : undefined;
      const run = await runCli(['publish'], { cwd: f.work.path, home: f.home.path });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        run.stdout,
        `Publishing to ${f.registry.url}...\n✓ Successfully published\n✓ Server io.github.example/weather version 1.2.0 (now the latest version)\n`,
      );
      const request = f.requests[0];
      assert.equal(request.method, 'POST');
      assert.equal(request.authorization, 'Bearer jwt-1');
      assert.deepEqual(request.json(), SERVER);
    });

    it('prints the problem detail of a refused publish in one line', async () => {
      await f.storeToken({ token: 'jwt-1', method: 'none', registry: 'http://127.0.0.1:9' });
      f.route = () => problem(403, 'Forbidden', 'You do not have permission to publish this server');
      const run = await f.cli(['publish', join(f.work.path, 'server.json')]);
      assert.equal(run.code, 1);
      assert.equal(
        oneErrorLine(run.stderr),
        'Error: publish failed: 403 Forbidden: You do not have permission to publish this server',
      );
      assert.equal(f.requests.length, 1, 'MCP_REGISTRY_URL wins over the registry in the token file');
    });

    it('refuses an expired token without a request', async () => {
      await f.storeToken({
        token: 'old',
        method: 'none',
        registry: f.registry.url,
        expires_at: 1_700_000_000,
      });
      const run = await f.cli(['publish']);
      assert.equal(
        oneErrorLine(run.stderr),
        "Error: the registry token from 'none' login expired at 2023-11-14T22:13:20.000Z; log in again",
      );
      assert.equal(f.requests.length, 0);
    });
  });
});
