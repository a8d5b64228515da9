/**
 * The image, checked by reading Dockerfile and .dockerignore. These tests (and the rest of
 * test/deploy) are the only check of the deployment artefacts that runs here: the machines this
 * project is built on have a docker CLI but no container engine, and no Kubernetes cluster, so no
 * image is built, no container started and no manifest applied by them. docs/deployment.md says
 * what that leaves unverified.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_OPENAPI_PATH } from '@registry/http-kit/openapi/openapi-document';
import { APPS, PATH_PRELOAD } from './deployment-contract';
import { DockerIgnore } from './docker-ignore';
import {
  copiesOf,
  execForm,
  instructionsOf,
  numericUser,
  parseDockerfile,
  stageNamed,
} from './dockerfile-reading';
import { nodeInvocation } from './node-invocation';
import { ROOT, readRepoText } from './yaml-files';

const BASE_IMAGE = 'node:20-bookworm-slim';
const stages = parseDockerfile(readRepoText('Dockerfile'));
const runtime = stages.at(-1);
const runs = (stageName: string): string =>
  instructionsOf(stageNamed(stages, stageName), 'RUN')
    .map((i) => i.args)
    .join('\n');

describe('Dockerfile', () => {
  it('builds every stage from node:20-bookworm-slim, so native modules match the runtime', () => {
    assert.ok(stages.length >= 3, 'expected build, prod-deps and runtime stages');
    for (const stage of stages) assert.equal(stage.from, BASE_IMAGE, `stage ${stage.name ?? '?'}`);
  });

  it('build stage: compilers for better-sqlite3, npm install with devDependencies, npm run build', () => {
    const build = runs('build');
    assert.match(build, /apt-get install[^\n]*\bpython3\b[^\n]*\bmake\b[^\n]*\bg\+\+/);
    assert.match(build, /\bnpm install\b(?![^\n]*--omit=dev)/);
    assert.match(build, /\bnpm run build\b/);
  });

  it('build stage fails the image build when an app of the contract has no compiled entry point', () => {
    const loop = /for app in ([^;]+); do\s+test -f "dist\/apps\/\$app\/src\/main\.js"/.exec(runs('build'));
    assert.ok(loop, 'the entry-point check loop is missing from the build stage');
    assert.deepEqual((loop[1] as string).trim().split(' ').sort(), Object.keys(APPS).sort());
  });

  it('every app of the contract has its source entry point in apps/', () => {
    const missing = Object.values(APPS)
      .map((contract) => `apps/${contract.app}/src/main.ts`)
      .filter((file) => !existsSync(join(ROOT, file)));
    assert.deepEqual(missing, [], 'the image would be built without these entry points');
  });

  it('prod-deps stage: production dependencies only, better-sqlite3 built and loaded', () => {
    const prod = runs('prod-deps');
    assert.match(prod, /\bnpm install --omit=dev\b/);
    assert.match(prod, /apt-get install[^\n]*\bpython3\b[^\n]*\bmake\b[^\n]*\bg\+\+/);
    assert.match(prod, /require\('better-sqlite3'\)/, 'the native addon is smoke-loaded at build time');
  });

  it('runtime stage: no compilers, a numeric non-root user, tini as PID 1', () => {
    assert.ok(runtime);
    const installs = instructionsOf(runtime, 'RUN').map((i) => i.args);
    for (const tool of ['g++', 'make', 'python3', 'build-essential']) {
      assert.ok(!installs.some((r) => r.includes(` ${tool}`)), `${tool} must stay out of the runtime image`);
    }
    const { uid, gid } = numericUser(runtime);
    assert.ok(uid > 0 && gid > 0, 'the runtime user must not be root');
    const userAt = runtime.instructions.findIndex((i) => i.keyword === 'USER');
    assert.ok(
      runtime.instructions.slice(userAt).every((i) => i.keyword !== 'RUN'),
      'nothing runs as root after USER',
    );
    const entrypoint = instructionsOf(runtime, 'ENTRYPOINT').at(-1);
    assert.ok(entrypoint, 'no ENTRYPOINT');
    assert.deepEqual(execForm(entrypoint), ['/usr/bin/tini', '--']);
    assert.ok(
      installs.some((r) => /apt-get install[^\n]*\btini\b/.test(r)),
      'tini is not installed',
    );
  });

  it('runs the all-in-one registry by default, through the path-alias preload', () => {
    assert.ok(runtime);
    const cmd = instructionsOf(runtime, 'CMD').at(-1);
    assert.ok(cmd, 'no CMD');
    const node = nodeInvocation(execForm(cmd), 'Dockerfile CMD');
    assert.deepEqual(node.preloads, [PATH_PRELOAD]);
    assert.equal(node.entry, APPS.registry?.entry);
  });

  it('runtime stage holds what the apps load at run time, where register-paths.cjs looks for it', () => {
    assert.ok(runtime);
    const workdir = instructionsOf(runtime, 'WORKDIR').at(-1)?.args;
    assert.equal(workdir, '/app');
    const copies = copiesOf(runtime).map(
      (c) => `${c.from ?? 'context'}:${c.sources.join(',')}->${c.destination}`,
    );
    for (const expected of [
      'prod-deps:/app/node_modules->node_modules',
      'build:/app/dist/libs->dist/libs',
      'build:/app/dist/apps->dist/apps',
      `context:${PATH_PRELOAD.slice(2)}->${PATH_PRELOAD.slice(2)}`,
      // findRepoRoot() walks up to package.json; the OpenAPI document is read relative to it.
      'context:package.json->package.json',
      `context:${DEFAULT_OPENAPI_PATH}->${DEFAULT_OPENAPI_PATH}`,
    ]) {
      assert.ok(copies.includes(expected), `missing COPY ${expected}; have ${copies.join(' | ')}`);
    }
  });
});

function filesUnder(relative: string): string[] {
  const full = join(ROOT, relative);
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full)
    .filter((name) => name !== 'node_modules' && !name.startsWith('dist'))
    .flatMap((name) => filesUnder(`${relative}/${name}`));
}

describe('.dockerignore', () => {
  const ignore = new DockerIgnore(readRepoText('.dockerignore'));

  it('follows Docker: last matching pattern wins, parents count, ** spans folders', () => {
    const rules = new DockerIgnore('**\n!apps\n**/node_modules\n!keep/*.txt\n');
    assert.equal(rules.excludes('README.md'), true);
    assert.equal(rules.excludes('apps/registry/src/main.ts'), false);
    assert.equal(rules.excludes('apps/registry/node_modules/x/index.js'), true);
    assert.equal(rules.excludes('keep/a.txt'), false);
    assert.equal(rules.excludes('keep/sub/a.txt'), true);
  });

  it('lets in every file the Dockerfile copies from the build context', () => {
    const sources = stages.flatMap((stage) =>
      copiesOf(stage)
        .filter((copy) => copy.from === undefined)
        .flatMap((copy) => copy.sources),
    );
    assert.ok(sources.length > 0);
    for (const source of sources) {
      assert.ok(existsSync(join(ROOT, source)), `COPY source ${source} does not exist`);
      const shut = filesUnder(source).filter((file) => ignore.excludes(file));
      assert.deepEqual(shut, [], `.dockerignore keeps out files that COPY ${source} needs`);
    }
  });

  it('keeps local state, build output and secrets out of the build context', () => {
    for (const path of [
      'node_modules/yaml/package.json',
      'dist/apps/registry/src/main.js',
      'dist-lead/apps/registry/src/main.js',
      'data/events.db',
      '.env',
      'apps/registry/.env',
      '.git/config',
      'libs/domain/node_modules/x/index.js',
      'docs/architecture.md',
      'deploy/secret.template.yaml',
      'docker-compose.yml',
    ]) {
      assert.equal(ignore.excludes(path), true, `${path} would be sent to the builder`);
    }
  });
});
