/**
 * Renders the kustomizations with `kubectl kustomize` (client-side: no cluster needed, none runs
 * here) and checks the result; skipped, saying so, where kubectl is not installed. Nothing is
 * applied: schema validation against a real API server is not part of these tests.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { IMAGE_NAME, NAMESPACE } from './deployment-contract';
import { deployFiles, kustomization, loadManifests } from './manifest-reading';
import { ROOT, YamlMap, asMap, asStrings, at, listAt } from './yaml-files';

const CLUSTER_SCOPED = new Set(['Namespace']);
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const skip = kubectl.status === 0 ? false : 'kubectl is not installed: the kustomizations were not rendered';

function render(dir: string): YamlMap[] {
  const res = spawnSync('kubectl', ['kustomize', dir], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(res.status, 0, `kubectl kustomize ${dir} failed:\n${res.stderr}`);
  return parseAllDocuments(res.stdout).map((doc, i) => asMap(doc.toJS(), `${dir} output ${i}`));
}

function imagesOf(doc: YamlMap): string[] {
  if (doc.kind !== 'Job' && doc.kind !== 'Deployment') return [];
  const containers = listAt(doc, 'spec.template.spec.containers', String(doc.kind));
  return containers.map((c) => String(asMap(c, 'container').image));
}

const root = kustomization();
const tag = String((root.images as unknown[]).map((i) => asMap(i, 'images[]').newTag)[0]);

describe('kubectl kustomize', { skip }, () => {
  it('deploy/ renders every listed manifest into the namespace, with the tagged image', () => {
    const rendered = render('deploy');
    const expected = loadManifests(deployFiles().filter((f) => !f.endsWith('.template.yaml')));
    assert.deepEqual(
      rendered.map((d) => `${String(d.kind)}/${String(at(d, 'metadata.name', 'doc'))}`).sort(),
      expected.map((m) => `${m.kind}/${m.name}`).sort(),
    );
    for (const doc of rendered) {
      const where = `${String(doc.kind)} ${String(at(doc, 'metadata.name', 'doc'))}`;
      if (!CLUSTER_SCOPED.has(String(doc.kind))) {
        assert.equal(at(doc, 'metadata.namespace', where), NAMESPACE, where);
      }
      for (const image of imagesOf(doc)) assert.equal(image, `${IMAGE_NAME}:${tag}`, where);
    }
  });

  it('deploy/jobs/replay and replay-drop-previous render the replay Job in the same namespace and image', () => {
    for (const [dir, name, trailing] of [
      ['deploy/jobs/replay', 'registry-replay', ['replay']],
      ['deploy/jobs/replay-drop-previous', 'registry-replay-drop-previous', ['replay', '--drop-previous']],
    ] as const) {
      const [job, ...rest] = render(dir);
      assert.ok(job && rest.length === 0, `${dir}: one resource`);
      assert.equal(job.kind, 'Job');
      assert.equal(at(job, 'metadata.name', dir), name);
      assert.equal(at(job, 'metadata.namespace', dir), NAMESPACE);
      assert.deepEqual(imagesOf(job), [`${IMAGE_NAME}:${tag}`]);
      const container = asMap(listAt(job, 'spec.template.spec.containers', dir)[0], dir);
      const args = asStrings(container.args, `${dir} args`);
      assert.deepEqual(args.slice(-trailing.length), [...trailing], `${dir} args`);
      assert.ok(args.includes('dist/apps/cli/src/main.js'), `${dir} runs the CLI`);
      assert.equal(at(job, 'spec.template.spec.serviceAccountName', dir), 'mcp-registry');
    }
  });
});
