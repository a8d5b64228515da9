'use strict';
// Resolves the TypeScript path aliases (`@registry/<lib>`, `@test/support`) of the compiled tree in
// dist/, so apps, tests and benchmarks run with plain `node -r ./scripts/register-paths.cjs`.
const Module = require('node:module');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', process.env.REGISTRY_DIST || 'dist');
const original = Module._resolveFilename;

function mapAlias(request) {
  if (request.startsWith('@registry/')) {
    const [lib, ...rest] = request.slice('@registry/'.length).split('/');
    return path.join(dist, 'libs', lib, 'src', ...rest);
  }
  if (request === '@test/support' || request.startsWith('@test/support/')) {
    return path.join(dist, 'test', 'support', request.slice('@test/support'.length));
  }
  return undefined;
}

Module._resolveFilename = function resolveAliased(request, ...rest) {
  const mapped = mapAlias(request);
  return original.call(this, mapped ?? request, ...rest);
};
