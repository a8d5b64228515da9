#!/usr/bin/env node
// The whole test suite, as README.md and .ci/run call it: type-check and compile, lint and format,
// then every spec (unit, beside the code) and every test under test/ (integration, e2e) on node:test.
// Usage: npm test [-- <substring filter on test file paths>]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

function run(label, cmd, args, env = {}) {
  const started = Date.now();
  process.stdout.write(`\n== ${label}\n`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (res.status !== 0) {
    process.stdout.write(`== ${label}: FAILED after ${secs}s\n`);
    process.exit(res.status ?? 1);
  }
  process.stdout.write(`== ${label}: ok (${secs}s)\n`);
}

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (/\.(spec|test)\.js$/.test(name)) out.push(full);
  }
  return out;
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
// REGISTRY_DIST lets several developers compile into separate trees at once (scripts/register-paths.cjs reads it).
const distName = process.env.REGISTRY_DIST ?? 'dist';
const tscArgs = [
  '-p',
  'tsconfig.build.json',
  '--outDir',
  distName,
  '--tsBuildInfoFile',
  join(distName, '.tsbuildinfo'),
];

if (filters.length === 0) {
  run('compile (tsc, strict)', bin('tsc'), tscArgs);
} else {
  // A filtered run keeps going past type errors elsewhere in the tree (tsc still emits), so one
  // unfinished module does not block work on another; the full run never does.
  const res = spawnSync(bin('tsc'), tscArgs, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) process.stdout.write('== compile had errors (ignored in a filtered run)\n');
}
if (filters.length === 0) {
  run('lint (eslint)', bin('eslint'), ['.', '--max-warnings', '0']);
  run('format (prettier --check)', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
}

const dist = join(root, distName);
const files = ['libs', 'apps', 'test', 'bench']
  .flatMap((d) => {
    try {
      return findTests(join(dist, d));
    } catch {
      return [];
    }
  })
  .filter((f) => filters.length === 0 || filters.some((flt) => relative(root, f).includes(flt)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
run(
  `tests (${files.length} files)`,
  process.execPath,
  ['-r', './scripts/register-paths.cjs', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { TZ: 'UTC', NODE_ENV: 'test', REGISTRY_DIST: distName },
);
