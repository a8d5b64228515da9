/**
 * No deployment artefact carries a real-looking credential: Secrets hold placeholders, credentials
 * reach the apps from a Secret (Kubernetes) or the caller's environment (Compose). Static checks
 * only, like the rest of test/deploy (no container engine or cluster runs here).
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { environmentOf as composeEnvironment, loadCompose } from './compose-reading';
import { containersOf, deployFiles, environmentOf, loadManifests } from './manifest-reading';
import { ROOT, asMap, mapAt, readRepoText } from './yaml-files';

/** Shapes of real credentials; a placeholder in <angle brackets> never matches. */
const CREDENTIAL_SHAPES: ReadonlyArray<[string, RegExp]> = [
  ['GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/],
  ['AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['PEM private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['hex secret (Ed25519 seed, OAuth client secret)', /\b[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?\b/],
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}/],
  ['password in a URL', /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/<>'"]*:(?!<)[^\s@/<>'"]+@/],
];

/** Variable names whose value is a credential wherever it appears. */
const SECRET_NAME = /SECRET|PASSWORD|PRIVATE_KEY|TOKEN|OCI_REGISTRY_AUTH/;

/** Connection strings whose managed-service form embeds a password. */
function carriesCredentials(variable: string): boolean {
  return SECRET_NAME.test(variable) || variable === 'MONGODB_URI' || variable === 'REDIS_URL';
}

function credentialsIn(text: string): string[] {
  return CREDENTIAL_SHAPES.filter(([, shape]) => shape.test(text)).map(([label]) => label);
}

function filesUnder(relative: string): string[] {
  const full = join(ROOT, relative);
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full).flatMap((name) => filesUnder(`${relative}/${name}`));
}

describe('deployment artefacts hold no credentials', () => {
  it('the detector flags each shape it looks for, and not the placeholders we use', () => {
    for (const sample of [
      'ghp_abcdefghijklmnopqrstuvwxyz0123',
      'AKIAABCDEFGHIJKLMNOP',
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'a'.repeat(64),
      '0e8db54879b02c29adef51795586f3c510a9341d',
      'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJtZSJ9.sig',
      'mongodb+srv://registry:hunter2@cluster0.example.net/db',
      'rediss://:s3cret@redis.example.net:6379',
    ]) {
      assert.notDeepEqual(credentialsIn(sample), [], sample);
    }
    for (const placeholder of [
      'mongodb+srv://<user>:<password>@<cluster>/mcp_registry',
      'rediss://:<password>@<host>:6379',
      '<64-hex-characters-from-openssl-rand-hex-32>',
      'mongodb://mongo:27017/mcp_registry?replicaSet=rs0',
    ]) {
      assert.deepEqual(credentialsIn(placeholder), [], placeholder);
    }
  });

  it('no file of the image, Compose or Kubernetes artefacts contains one', () => {
    const files = ['Dockerfile', '.dockerignore', 'docker-compose.yml', ...filesUnder('deploy')];
    const found = files.flatMap((file) =>
      credentialsIn(readRepoText(file)).map((label) => `${file}: ${label}`),
    );
    assert.deepEqual(found, []);
  });

  it('every Secret is a template of <placeholders>', () => {
    const secrets = loadManifests(deployFiles()).filter((m) => m.kind === 'Secret');
    assert.ok(secrets.length > 0);
    for (const secret of secrets) {
      assert.equal(secret.doc.data, undefined, `${secret.file}: use stringData placeholders, not data`);
      for (const [key, value] of Object.entries(mapAt(secret.doc, 'stringData', secret.file))) {
        assert.match(String(value), /^<[a-z0-9-]+>$/, `${secret.file}: ${key} is not a <placeholder>`);
      }
    }
  });

  it('Kubernetes: credentials come from the Secret, never from a literal or the ConfigMap', () => {
    const manifests = loadManifests([
      ...deployFiles().filter((f) => !f.endsWith('.template.yaml')),
      'deploy/jobs/replay/replay-job.yaml',
    ]);
    for (const configMap of manifests.filter((m) => m.kind === 'ConfigMap')) {
      for (const key of Object.keys(asMap(configMap.doc.data, configMap.file))) {
        assert.ok(!carriesCredentials(key), `${configMap.file}: ${key} belongs in the Secret`);
      }
    }
    for (const workload of manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'Job')) {
      for (const container of containersOf(workload)) {
        for (const [name, source] of environmentOf(container, manifests, workload.name)) {
          if (carriesCredentials(name)) {
            assert.equal(source.from, 'secret', `${workload.name}: ${name} must come from a Secret`);
          }
        }
      }
    }
  });

  it("Compose: credentials come from the caller's environment, empty by default", () => {
    const { services } = loadCompose();
    for (const [name, raw] of Object.entries(services)) {
      for (const [variable, value] of composeEnvironment(asMap(raw, name), name)) {
        if (!SECRET_NAME.test(variable)) continue;
        assert.equal(
          value,
          `\${${variable}:-}`,
          `${name}: ${variable} must be passed through, not written here`,
        );
      }
    }
  });
});
