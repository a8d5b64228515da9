/**
 * deploy/ (Kubernetes), checked by parsing every manifest with the `yaml` package and following the
 * references between them. No cluster runs here, so nothing is applied; kustomize.test.ts renders
 * the kustomizations with `kubectl kustomize` (client-side only) when kubectl is installed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  APPS,
  DISTRIBUTED_APPS,
  DISTRIBUTED_VARIABLES,
  EVENT_TOPIC,
  FEED_CONSUMERS,
  IMAGE_NAME,
  PATH_PRELOAD,
  SHARED_KEY_APPS,
  TOPIC_VARIABLE,
  listenPort,
} from './deployment-contract';
import { numericUser, parseDockerfile } from './dockerfile-reading';
import {
  Manifest,
  containersOf,
  deployFiles,
  environmentOf,
  find,
  kustomization,
  labelsMatch,
  loadManifests,
  plainValues,
  podSpecOf,
  probeOf,
  resolvePort,
  theContainer,
} from './manifest-reading';
import { nodeInvocation } from './node-invocation';
import { asList, asMap, asNumber, asString, asStrings, at, mapAt, readRepoText } from './yaml-files';

const root = kustomization();
const listed = asStrings(root.resources, 'kustomization resources');
const files = deployFiles();
const templates = files.filter((f) => f.endsWith('.template.yaml'));
const manifests = loadManifests(files.filter((f) => !templates.includes(f)));
const secretTemplate = loadManifests(templates).find((m) => m.kind === 'Secret');
const runtime = parseDockerfile(readRepoText('Dockerfile')).at(-1);
const workloads = manifests.filter((m) => m.kind === 'Deployment');
const deployment = (name: string): Manifest => find(manifests, 'Deployment', name);

describe('deploy/: Kubernetes manifests', () => {
  it('kustomization.yaml lists every manifest in deploy/ but the templates, and nothing else', () => {
    const expected = files.filter((f) => !templates.includes(f)).map((f) => f.slice('deploy/'.length));
    assert.deepEqual([...listed].sort(), expected.sort());
    assert.ok(templates.length > 0, 'the Secret template is missing');
    assert.deepEqual(
      manifests.filter((m) => m.kind === 'Secret').map((m) => m.file),
      [],
      'a Secret applied by kustomize would overwrite the real credentials',
    );
  });

  it('has a Deployment per distributed app, running its entry point from the one image', () => {
    const images = asList(root.images, 'kustomization images').map((i) => asMap(i, 'images[]'));
    assert.deepEqual(
      images.map((i) => i.name),
      [IMAGE_NAME],
    );
    assert.deepEqual(workloads.map((w) => w.name).sort(), [...DISTRIBUTED_APPS].sort());
    for (const app of DISTRIBUTED_APPS) {
      const container = theContainer(deployment(app));
      assert.equal(container.image, IMAGE_NAME, `${app}: image`);
      assert.equal(container.command, undefined, `${app}: command would replace the image's tini entrypoint`);
      const node = nodeInvocation(asStrings(container.args, `${app} args`), `Deployment ${app}`);
      assert.deepEqual(node.preloads, [PATH_PRELOAD]);
      assert.equal(node.entry, APPS[app]?.entry);
      assert.deepEqual(node.args, []);
    }
  });

  it('replay Job runs `cli replay` from the same image; the drop-previous overlay adds the flag', () => {
    const [job] = loadManifests(['deploy/jobs/replay/replay-job.yaml']);
    assert.ok(job?.kind === 'Job');
    const container = theContainer(job);
    assert.equal(container.image, IMAGE_NAME);
    assert.equal(container.command, undefined, 'command would replace the tini entrypoint');
    const node = nodeInvocation(asStrings(container.args, 'replay args'), 'replay Job');
    assert.deepEqual([node.preloads, node.entry, node.args], [[PATH_PRELOAD], APPS.cli?.entry, ['replay']]);
    assert.equal(at(job.doc, 'spec.template.spec.restartPolicy', 'replay Job'), 'Never');
    const overlay = kustomization('deploy/jobs/replay-drop-previous/kustomization.yaml');
    assert.deepEqual(overlay.resources, ['../replay']);
    const [patch] = asList(overlay.patches, 'overlay patches').map((p) => asMap(p, 'patch'));
    assert.deepEqual(patch?.target, { kind: 'Job', name: job.name });
    assert.match(
      String(patch?.patch),
      /path: \/spec\/template\/spec\/containers\/0\/args\/-\s+value: --drop-previous/,
    );
  });

  it('gives each app the variables of distributed mode, credentials from the Secret', () => {
    assert.ok(secretTemplate, 'no Secret template');
    const secretKeys = Object.keys(mapAt(secretTemplate.doc, 'stringData', 'Secret template'));
    for (const app of DISTRIBUTED_APPS) {
      const env = environmentOf(theContainer(deployment(app)), manifests, app);
      for (const name of DISTRIBUTED_VARIABLES) assert.ok(env.has(name), `${app}: ${name} is not set`);
      const store = env.get('MCP_REGISTRY_STORE');
      assert.ok(store?.from !== 'secret' && store?.value === 'distributed', `${app}: MCP_REGISTRY_STORE`);
      const brokers = env.get('KAFKA_BROKERS');
      assert.ok(brokers?.from !== 'secret' && brokers?.value.trim() !== '', `${app}: KAFKA_BROKERS`);
      const topic = env.get(TOPIC_VARIABLE);
      assert.ok(topic?.from !== 'secret' && topic?.value === EVENT_TOPIC, `${app}: ${TOPIC_VARIABLE}`);
      for (const name of ['MONGODB_URI', 'REDIS_URL']) {
        const source = env.get(name);
        assert.ok(
          source?.from === 'secret',
          `${app}: ${name} must come from the Secret (it carries credentials)`,
        );
        assert.equal(source.secret, secretTemplate.name, `${app}: ${name}`);
        assert.ok(secretKeys.includes(source.key), `${app}: key ${source.key} is not in the Secret template`);
        assert.equal(source.optional, false, `${app}: ${name} is required`);
      }
      for (const [name, source] of env) {
        if (source.from === 'secret')
          assert.ok(secretKeys.includes(source.key), `${app}: ${name} -> ${source.key}`);
      }
    }
    const keys = SHARED_KEY_APPS.map((app) => {
      const jwt = environmentOf(theContainer(deployment(app)), manifests, app).get(
        'MCP_REGISTRY_JWT_PRIVATE_KEY',
      );
      assert.ok(
        jwt?.from === 'secret' && !jwt.optional,
        `${app}: every replica must use the same required key`,
      );
      return `${jwt.secret}/${jwt.key}`;
    });
    assert.equal(
      new Set(keys).size,
      1,
      `${SHARED_KEY_APPS.join(', ')} must read one key: ${keys.join(', ')}`,
    );
  });

  it('probes /livez and /readyz on the port each app listens on, after a startup probe', () => {
    for (const app of DISTRIBUTED_APPS) {
      const contract = APPS[app];
      assert.ok(contract?.http);
      const container = theContainer(deployment(app));
      const env = plainValues(environmentOf(container, manifests, app));
      const port = listenPort(contract, env);
      assert.equal(port, contract.http.port, `${app} listens on ${port}`);
      assert.deepEqual(probeOf(container, 'readinessProbe', app), { path: '/readyz', port });
      assert.deepEqual(probeOf(container, 'livenessProbe', app), { path: '/livez', port });
      assert.deepEqual(probeOf(container, 'startupProbe', app), { path: '/livez', port });
    }
  });

  it("runs every pod as the image's non-root user, read-only root filesystem, no privileges", () => {
    assert.ok(runtime);
    const { uid, gid } = numericUser(runtime);
    const jobs = loadManifests(['deploy/jobs/replay/replay-job.yaml']);
    for (const workload of [...workloads, ...jobs]) {
      const where = `${workload.kind} ${workload.name}`;
      const pod = podSpecOf(workload);
      assert.equal(at(pod, 'securityContext.runAsNonRoot', where), true, where);
      assert.equal(
        at(pod, 'securityContext.runAsUser', where),
        uid,
        `${where}: runAsUser = the image's USER`,
      );
      assert.equal(at(pod, 'securityContext.runAsGroup', where), gid, where);
      assert.equal(pod.automountServiceAccountToken, false, `${where}: no API token in the pod`);
      const sa = asString(pod.serviceAccountName, `${where} serviceAccountName`);
      find(manifests, 'ServiceAccount', sa);
      for (const container of containersOf(workload)) {
        assert.equal(at(container, 'securityContext.readOnlyRootFilesystem', where), true, where);
        assert.equal(at(container, 'securityContext.allowPrivilegeEscalation', where), false, where);
        assert.deepEqual(at(container, 'securityContext.capabilities.drop', where), ['ALL'], where);
        for (const path of [
          'resources.requests.cpu',
          'resources.requests.memory',
          'resources.limits.memory',
        ]) {
          assert.ok(at(container, path, where) !== undefined, `${where}: ${path}`);
        }
      }
    }
  });

  it('registry-api: 3 replicas, rolling update at full capacity, a PDB and an HPA on it', () => {
    const api = deployment('registry-api');
    assert.equal(at(api.doc, 'spec.replicas', 'registry-api'), 3);
    assert.equal(at(api.doc, 'spec.strategy.type', 'registry-api'), 'RollingUpdate');
    assert.equal(at(api.doc, 'spec.strategy.rollingUpdate.maxUnavailable', 'registry-api'), 0);
    const podLabels = mapAt(api.doc, 'spec.template.metadata.labels', 'registry-api');
    const pdb = manifests.filter((m) => m.kind === 'PodDisruptionBudget');
    assert.equal(pdb.length, 1);
    assert.ok(
      labelsMatch(mapAt(pdb[0]?.doc, 'spec.selector.matchLabels', 'PDB'), podLabels),
      'PDB selects the API',
    );
    const hpa = find(manifests, 'HorizontalPodAutoscaler', 'registry-api');
    assert.deepEqual(mapAt(hpa.doc, 'spec.scaleTargetRef', 'HPA'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'registry-api',
    });
    const min = asNumber(at(hpa.doc, 'spec.minReplicas', 'HPA'), 'minReplicas');
    assert.ok(min >= 2 && min <= 3 && asNumber(at(hpa.doc, 'spec.maxReplicas', 'HPA'), 'maxReplicas') > min);
  });

  it('tags the image with the package version, reported by /v0/version; operator Jobs agree', () => {
    const pkg = asMap(JSON.parse(readRepoText('package.json')), 'package.json');
    const [image] = asList(root.images, 'kustomization images').map((i) => asMap(i, 'images[]'));
    assert.equal(image?.newTag, pkg.version, 'kustomization.yaml images newTag');
    const configMap = manifests.find((m) => m.kind === 'ConfigMap');
    assert.equal(at(configMap?.doc, 'data.MCP_REGISTRY_VERSION', 'ConfigMap'), pkg.version);
    const jobs = kustomization('deploy/jobs/replay/kustomization.yaml');
    assert.equal(jobs.namespace, root.namespace, 'deploy/jobs/replay namespace');
    assert.deepEqual(jobs.images, root.images, 'deploy/jobs/replay images');
  });

  it('keeps every consumer of the topic within its partitions', () => {
    const annotated = FEED_CONSUMERS.map((app) => {
      const consumer = deployment(app);
      const partitions = Number(
        at(consumer.doc, 'metadata.annotations.mcp-registry/kafka-topic-partitions', app),
      );
      assert.ok(Number.isInteger(partitions) && partitions > 0, `${app}: partitions annotation`);
      assert.ok(asNumber(at(consumer.doc, 'spec.replicas', app), 'replicas') <= partitions, app);
      return partitions;
    });
    assert.equal(new Set(annotated).size, 1, 'one topic: the partitions annotations must agree');
  });

  it("selects each Deployment's own pods, and every Service targets a declared port", () => {
    for (const workload of workloads) {
      const selector = mapAt(workload.doc, 'spec.selector.matchLabels', workload.name);
      const labels = mapAt(workload.doc, 'spec.template.metadata.labels', workload.name);
      assert.ok(labelsMatch(selector, labels), `${workload.name}: selector does not match its pods`);
      const others = workloads.filter((w) => w !== workload);
      assert.ok(
        !others.some((w) => labelsMatch(selector, mapAt(w.doc, 'spec.template.metadata.labels', w.name))),
      );
    }
    const services = manifests.filter((m) => m.kind === 'Service');
    assert.deepEqual(services.map((s) => s.name).sort(), [...DISTRIBUTED_APPS].sort());
    for (const svc of services) {
      const target = deployment(svc.name);
      const selector = mapAt(svc.doc, 'spec.selector', svc.name);
      assert.ok(
        labelsMatch(selector, mapAt(target.doc, 'spec.template.metadata.labels', svc.name)),
        svc.name,
      );
      const container = theContainer(target);
      const [port] = asList(at(svc.doc, 'spec.ports', svc.name), svc.name).map((p) => asMap(p, svc.name));
      assert.ok(port);
      const targetPort = resolvePort(container, port.targetPort, `Service ${svc.name}`);
      assert.equal(targetPort, APPS[svc.name]?.http?.port, `Service ${svc.name} targetPort`);
      if (svc.name === 'registry-api') {
        assert.equal(at(svc.doc, 'spec.type', svc.name), 'ClusterIP');
        assert.equal(port.port, 80);
      } else {
        assert.equal(at(svc.doc, 'spec.clusterIP', svc.name), 'None', `${svc.name}: headless`);
      }
    }
  });
});
