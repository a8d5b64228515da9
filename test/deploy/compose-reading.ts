import assert from 'node:assert/strict';
import { execForm, instructionsOf, parseDockerfile } from './dockerfile-reading';
import { YamlMap, asList, asMap, asString, asStrings, isMap, loadYaml, readRepoText } from './yaml-files';

export const COMPOSE_FILE = 'docker-compose.yml';

export function loadCompose(): { file: YamlMap; services: YamlMap } {
  const file = loadYaml(COMPOSE_FILE);
  return { file, services: asMap(file.services, `${COMPOSE_FILE}: services`) };
}

export function service(services: YamlMap, name: string): YamlMap {
  return asMap(services[name], `${COMPOSE_FILE}: service ${name}`);
}

/** A service's environment, list or mapping form, values as the container sees them (before ${} defaults). */
export function environmentOf(svc: YamlMap, name: string): Map<string, string> {
  const env = svc.environment;
  const out = new Map<string, string>();
  if (env === undefined) return out;
  if (Array.isArray(env)) {
    for (const item of asStrings(env, `${name}.environment`)) {
      const eq = item.indexOf('=');
      out.set(eq < 0 ? item : item.slice(0, eq), eq < 0 ? '' : item.slice(eq + 1));
    }
    return out;
  }
  for (const [key, value] of Object.entries(asMap(env, `${name}.environment`))) {
    out.set(key, value === null ? '' : String(value));
  }
  return out;
}

/**
 * An argv in compose's string-or-list form, `$$` unescaped to the `$` the container sees; the
 * string form is split on spaces (we use no quoting there).
 */
export function argvOf(value: unknown, where: string): string[] {
  const words =
    typeof value === 'string' ? value.split(/\s+/).filter((w) => w !== '') : asStrings(value, where);
  return words.map((word) => word.replace(/\$\$/g, '$'));
}

const dockerfile = parseDockerfile(readRepoText('Dockerfile'));
const runtime = dockerfile.at(-1);

/** What the container runs: entrypoint (the service's or the image's) followed by the command. */
export function containerArgv(svc: YamlMap, name: string): string[] {
  assert.ok(runtime);
  const imageEntrypoint = instructionsOf(runtime, 'ENTRYPOINT').at(-1);
  const imageCmd = instructionsOf(runtime, 'CMD').at(-1);
  const entrypoint =
    svc.entrypoint !== undefined
      ? argvOf(svc.entrypoint, `${name}.entrypoint`)
      : imageEntrypoint
        ? execForm(imageEntrypoint)
        : [];
  // Compose drops the image's CMD when a service sets its own entrypoint.
  const command =
    svc.command !== undefined
      ? argvOf(svc.command, `${name}.command`)
      : svc.entrypoint === undefined && imageCmd
        ? execForm(imageCmd)
        : [];
  return [...entrypoint, ...command];
}

/** depends_on in long form: target -> condition. */
export function dependenciesOf(svc: YamlMap, name: string): Map<string, string> {
  const out = new Map<string, string>();
  if (svc.depends_on === undefined) return out;
  for (const [target, spec] of Object.entries(asMap(svc.depends_on, `${name}.depends_on`))) {
    out.set(target, asString(asMap(spec, `${name}.depends_on.${target}`).condition, `${name} -> ${target}`));
  }
  return out;
}

/** The healthcheck's test joined into one string (CMD, CMD-SHELL or a plain string). */
export function healthcheckOf(svc: YamlMap, name: string): string | undefined {
  if (!isMap(svc.healthcheck)) return undefined;
  const test = svc.healthcheck.test;
  return typeof test === 'string' ? test : asStrings(test, `${name}.healthcheck.test`).join(' ');
}

export function replicasOf(svc: YamlMap): number {
  const deploy = svc.deploy;
  if (!isMap(deploy) || deploy.replicas === undefined) return 1;
  assert.equal(typeof deploy.replicas, 'number');
  return deploy.replicas as number;
}

/** Short-form port mappings, as written ("8080:8080", "127.0.0.1:27017:27017"). */
export function portsOf(svc: YamlMap, name: string): string[] {
  return svc.ports === undefined ? [] : asList(svc.ports, `${name}.ports`).map((p) => String(p));
}

/** Named-volume mounts in short form: volume -> { target, readOnly }. */
export function volumeMountsOf(
  svc: YamlMap,
  name: string,
): Map<string, { target: string; readOnly: boolean }> {
  const out = new Map<string, { target: string; readOnly: boolean }>();
  if (svc.volumes === undefined) return out;
  for (const mount of asStrings(svc.volumes, `${name}.volumes`)) {
    const [source, target, mode] = mount.split(':');
    assert.ok(source !== undefined && target !== undefined, `${name}: cannot read volume ${mount}`);
    out.set(source, { target, readOnly: mode === 'ro' });
  }
  return out;
}

/** The value after a flag in an argv (`--topic x`). */
export function flagValue(argv: readonly string[], flag: string, where: string): string {
  const i = argv.indexOf(flag);
  assert.ok(i >= 0 && argv[i + 1] !== undefined, `${where}: no ${flag}`);
  return argv[i + 1] as string;
}
