/**
 * Every variable the artefacts set for an app is one the code reads: a misspelt name in a manifest
 * is otherwise silently ignored and the default wins.
 * Static checks, like the rest of test/deploy (no container engine or cluster runs here).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { environmentOf as composeEnvironment, loadCompose } from './compose-reading';
import { IMAGE_NAME, RUNTIME_VARIABLES, TOPIC_VARIABLE } from './deployment-contract';
import { containersOf, deployFiles, environmentOf, loadManifests } from './manifest-reading';
import { ROOT, asMap } from './yaml-files';

function sources(relative: string): string[] {
  const full = join(ROOT, relative);
  if (statSync(full).isDirectory())
    return readdirSync(full).flatMap((name) => sources(`${relative}/${name}`));
  return relative.endsWith('.ts') && !relative.endsWith('.spec.ts') ? [relative] : [];
}

/**
 * The names the code reads: `'MCP_REGISTRY_X'` literals, loadConfig's prefixed `p('X')`, its
 * unprefixed readers (`read(env, 'MONGODB_URI')`), and `env.X` / `env['X']` anywhere in libs/ and apps/.
 */
function variablesReadByTheCode(): Set<string> {
  const names = new Set<string>();
  const patterns: ReadonlyArray<[RegExp, (name: string) => string]> = [
    [/['"`](MCP_REGISTRY_[A-Z0-9_]+)['"`]/g, (n) => n],
    [/\bp\('([A-Z0-9_]+)'\)/g, (n) => `MCP_REGISTRY_${n}`],
    [/\b(?:read|list|bool|int|url|pairs)\(env, '([A-Z][A-Z0-9_]+)'/g, (n) => n],
    [/\benv\.([A-Z][A-Z0-9_]+)\b/g, (n) => n],
    [/\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g, (n) => n],
  ];
  for (const file of [...sources('libs'), ...sources('apps')]) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const [pattern, name] of patterns) {
      for (const m of text.matchAll(pattern)) names.add(name(m[1] as string));
    }
  }
  return names;
}

const read = variablesReadByTheCode();
const allowed = new Set<string>([...read, ...RUNTIME_VARIABLES]);

describe('variables set by the deployment artefacts', () => {
  it('the scan finds the variables loadConfig reads', () => {
    for (const name of [
      'MCP_REGISTRY_SERVER_ADDRESS',
      'MCP_REGISTRY_STORE',
      'MONGODB_URI',
      'KAFKA_BROKERS',
      'REDIS_URL',
      'MCP_REGISTRY_HEALTH_ADDRESS',
      TOPIC_VARIABLE,
    ]) {
      assert.ok(read.has(name), `${name} not found: the scan no longer matches libs/config`);
    }
  });

  it('docker-compose.yml: every variable of a registry service is one the code reads', () => {
    const { services } = loadCompose();
    for (const [name, raw] of Object.entries(services)) {
      const svc = asMap(raw, name);
      if (typeof svc.image !== 'string' || !svc.image.startsWith(`${IMAGE_NAME}:`)) continue;
      const unknown = [...composeEnvironment(svc, name).keys()].filter((v) => !allowed.has(v));
      assert.deepEqual(unknown, [], `${name}: variables no code reads`);
    }
  });

  it('deploy/: every ConfigMap key and container variable is one the code reads', () => {
    const manifests = loadManifests([
      ...deployFiles().filter((f) => !f.endsWith('.template.yaml')),
      'deploy/jobs/replay/replay-job.yaml',
    ]);
    for (const workload of manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'Job')) {
      for (const container of containersOf(workload)) {
        const unknown = [...environmentOf(container, manifests, workload.name).keys()].filter(
          (v) => !allowed.has(v),
        );
        assert.deepEqual(unknown, [], `${workload.kind} ${workload.name}: variables no code reads`);
      }
    }
  });
});
