import assert from 'node:assert/strict';
import {
  YamlMap,
  asList,
  asMap,
  asNumber,
  asString,
  listAt,
  loadYaml,
  loadYamlDocuments,
  mapAt,
  stringAt,
  yamlFilesIn,
} from './yaml-files';

export const DEPLOY_DIR = 'deploy';
export const KUSTOMIZATION = `${DEPLOY_DIR}/kustomization.yaml`;

export interface Manifest {
  readonly file: string;
  readonly kind: string;
  readonly name: string;
  readonly doc: YamlMap;
}

/** Every document of the given files, with its kind and name. */
export function loadManifests(files: readonly string[]): Manifest[] {
  return files.flatMap((file) =>
    loadYamlDocuments(file).map((doc) => ({
      file,
      kind: stringAt(doc, 'kind', file),
      name: stringAt(doc, 'metadata.name', file),
      doc,
    })),
  );
}

/** deploy/*.yaml but the kustomization itself. */
export function deployFiles(): string[] {
  return yamlFilesIn(DEPLOY_DIR).filter((f) => f !== KUSTOMIZATION);
}

export function kustomization(path = KUSTOMIZATION): YamlMap {
  return loadYaml(path);
}

export function find(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.name === name);
  assert.equal(found.length, 1, `expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as Manifest;
}

export function podSpecOf(workload: Manifest): YamlMap {
  return mapAt(workload.doc, 'spec.template.spec', `${workload.kind} ${workload.name}`);
}

export function containersOf(workload: Manifest): YamlMap[] {
  const where = `${workload.kind} ${workload.name}`;
  return listAt(podSpecOf(workload), 'containers', where).map((c, i) => asMap(c, `${where} container ${i}`));
}

/** The workload's only container. */
export function theContainer(workload: Manifest): YamlMap {
  const containers = containersOf(workload);
  assert.equal(containers.length, 1, `${workload.kind} ${workload.name}: expected one container`);
  return containers[0] as YamlMap;
}

/** Where a container's environment variable comes from. */
export type EnvSource =
  | { readonly from: 'value'; readonly value: string }
  | { readonly from: 'configMap'; readonly configMap: string; readonly value: string }
  | { readonly from: 'secret'; readonly secret: string; readonly key: string; readonly optional: boolean };

/** The container's variables: envFrom ConfigMaps expanded, then env (which wins, as in Kubernetes). */
export function environmentOf(
  container: YamlMap,
  manifests: readonly Manifest[],
  where: string,
): Map<string, EnvSource> {
  const out = new Map<string, EnvSource>();
  for (const [i, raw] of (container.envFrom === undefined
    ? []
    : asList(container.envFrom, where)
  ).entries()) {
    const name = stringAt(raw, 'configMapRef.name', `${where} envFrom[${i}]`);
    const data = mapAt(find(manifests, 'ConfigMap', name).doc, 'data', `ConfigMap ${name}`);
    for (const [key, value] of Object.entries(data)) {
      out.set(key, {
        from: 'configMap',
        configMap: name,
        value: asString(value, `ConfigMap ${name} ${key}`),
      });
    }
  }
  for (const [i, raw] of (container.env === undefined ? [] : asList(container.env, where)).entries()) {
    const item = asMap(raw, `${where} env[${i}]`);
    const name = asString(item.name, `${where} env[${i}].name`);
    if (item.valueFrom === undefined) {
      out.set(name, { from: 'value', value: asString(item.value, `${where} env ${name}`) });
      continue;
    }
    const ref = mapAt(item, 'valueFrom.secretKeyRef', `${where} env ${name} (only secretKeyRef is used)`);
    out.set(name, {
      from: 'secret',
      secret: asString(ref.name, `${where} env ${name}`),
      key: asString(ref.key, `${where} env ${name}`),
      optional: ref.optional === true,
    });
  }
  return out;
}

/** The plain values of an environment (ConfigMap or literal), for the listen-address lookups. */
export function plainValues(env: ReadonlyMap<string, EnvSource>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, source] of env) if (source.from !== 'secret') out.set(name, source.value);
  return out;
}

/** A port by number or by the name of one of the container's ports. */
export function resolvePort(container: YamlMap, port: unknown, where: string): number {
  if (typeof port === 'number') return port;
  const name = asString(port, where);
  const ports = container.ports === undefined ? [] : asList(container.ports, where);
  const found = ports.map((p) => asMap(p, where)).find((p) => p.name === name);
  assert.ok(found, `${where}: no container port named ${name}`);
  return asNumber(found.containerPort, `${where}: ${name}`);
}

/** A probe's HTTP path and resolved port, or undefined when the probe is absent. */
export function probeOf(
  container: YamlMap,
  probe: 'startupProbe' | 'readinessProbe' | 'livenessProbe',
  where: string,
): { path: string; port: number } | undefined {
  if (container[probe] === undefined) return undefined;
  const httpGet = mapAt(container, `${probe}.httpGet`, where);
  return {
    path: asString(httpGet.path, `${where} ${probe}.path`),
    port: resolvePort(container, httpGet.port, `${where} ${probe}.port`),
  };
}

export function labelsMatch(selector: YamlMap, labels: YamlMap): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
