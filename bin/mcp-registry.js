#!/usr/bin/env node
/* global require, process, __dirname -- CommonJS, run by Node */
/* eslint-disable @typescript-eslint/no-require-imports -- an entry point: nothing is compiled before it */
'use strict';
// The `mcp-registry` command of package.json "bin", as `npm link`, `npm install -g <tarball>` and `npx`
// install it. It runs the compiled CLI of this package from any folder: the package root is found from
// this file's own location (npm links bins to it, and Node resolves the link), so neither the working
// directory nor the repository's dev setup matters. REGISTRY_DIST, as in `npm run cli`, picks another
// compiled tree of a checkout.
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { constants } = require('node:os');
const path = require('node:path');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 10)) {
  process.stderr.write(`Error: mcp-registry needs Node.js 20.10 or later; this is ${process.version}\n`);
  process.exit(1);
}

const root = path.resolve(__dirname, '..');
const dist = path.resolve(root, process.env.REGISTRY_DIST || 'dist');
const main = path.join(dist, 'apps', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`Error: the compiled CLI is missing at ${main}; run 'npm run build:cli' in ${root}\n`);
  process.exit(1);
}
// The CLI runs as `npm run cli` runs it: `node -r scripts/register-paths.cjs main.js`, in a child
// process, because the alias preload must be in execArgv, which the store's worker threads inherit;
// requiring it here would map `@registry/*` in this thread only.
const child = spawn(
  process.execPath,
  ['-r', path.join(root, 'scripts', 'register-paths.cjs'), main, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of forwarded) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  process.stderr.write(`Error: cannot start the CLI: ${err.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal === null) process.exit(code ?? 1);
  // Ended by a signal: end the same way, so that the shell sees 128 + the signal.
  process.exitCode = 128 + (constants.signals[signal] ?? 0);
  for (const s of forwarded) process.removeAllListeners(s);
  process.kill(process.pid, signal);
});
