import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '@test/support/repo-paths';

describe('start-up configuration', () => {
  it('stops with a one-line message naming the bad variable and a non-zero exit', () => {
    const root = repoRoot();
    const res = spawnSync(
      process.execPath,
      [
        '-r',
        join(root, 'scripts/register-paths.cjs'),
        join(root, process.env.REGISTRY_DIST ?? 'dist', 'apps/registry/src/main.js'),
      ],
      { env: { ...process.env, MCP_REGISTRY_SERVER_ADDRESS: 'nonsense' }, encoding: 'utf8', timeout: 20_000 },
    );
    assert.notEqual(res.status, 0);
    assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
    assert.match(res.stderr, /MCP_REGISTRY_SERVER_ADDRESS/);
  });
});
