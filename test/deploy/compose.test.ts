/**
 * docker-compose.yml, checked by parsing it with the `yaml` package (merge keys resolved as Compose
 * does). No container engine runs here (the docker CLI answers, `docker compose` cannot run), so
 * nothing in this file has been started by these tests: they check the wiring, not the containers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  COMPOSE_FILE,
  argvOf,
  containerArgv,
  dependenciesOf,
  environmentOf,
  flagValue,
  healthcheckOf,
  loadCompose,
  portsOf,
  replicasOf,
  service,
  volumeMountsOf,
} from './compose-reading';
import {
  APPS,
  DISTRIBUTED_APPS,
  EVENT_TOPIC,
  FEED_CONSUMERS,
  IMAGE_NAME,
  PATH_PRELOAD,
  SHARED_KEY_APPS,
  TOPIC_VARIABLE,
  listenPort,
} from './deployment-contract';
import { numericUser, parseDockerfile } from './dockerfile-reading';
import { nodeInvocation } from './node-invocation';
import { asMap, asString, asStrings, readRepoText } from './yaml-files';

const { file, services } = loadCompose();
const APP_IMAGE = `${IMAGE_NAME}:local`;
const env = (name: string): Map<string, string> => environmentOf(service(services, name), name);
const argv = (name: string): string[] => containerArgv(service(services, name), name);
const kafkaInit = argv('kafka-init');
const partitions = Number(flagValue(kafkaInit, '--partitions', 'kafka-init'));

describe(`${COMPOSE_FILE}: the registry's containers`, () => {
  it('gives every ${VAR} a default, so `docker compose up` needs no .env', () => {
    const text = readRepoText(COMPOSE_FILE)
      .split('\n')
      .filter((line) => !/^\s*#/.test(line))
      .join('\n')
      .replace(/\$\$/g, '');
    const bare = [...text.matchAll(/\$\{([^}]*)\}|\$([A-Za-z_]\w*)/g)]
      .map((m) => m[1] ?? m[2] ?? '')
      .filter((ref) => !/^[A-Za-z_]\w*:?-/.test(ref));
    assert.deepEqual(bare, [], 'variables without a default (write $$ for a shell $)');
  });

  it('builds one image from this repository for every service that runs the registry', () => {
    const registryServices = Object.entries(services)
      .filter(([, svc]) => asMap(svc, 'service').image === APP_IMAGE)
      .map(([name]) => name);
    for (const name of [...Object.keys(APPS), 'registry-keys']) {
      assert.ok(registryServices.includes(name), `${name} does not run ${APP_IMAGE}`);
      assert.equal(
        asMap(service(services, name).build, `${name}.build`).context,
        '.',
        `${name}.build.context`,
      );
    }
  });

  it('runs each app with the entry point of the contract, tini kept as PID 1', () => {
    for (const contract of Object.values(APPS)) {
      const args = argv(contract.app);
      assert.deepEqual(
        args.slice(0, 2),
        ['/usr/bin/tini', '--'],
        `${contract.app} bypasses the init process`,
      );
      const node = nodeInvocation(args, `${COMPOSE_FILE} ${contract.app}`);
      assert.deepEqual(node.preloads, [PATH_PRELOAD], contract.app);
      assert.equal(node.entry, contract.entry, contract.app);
    }
  });

  it('gives every distributed app the variables of its mode, pointing at the infrastructure services', () => {
    const replicaSet = flagValue(argvOf(service(services, 'mongo').command, 'mongo'), '--replSet', 'mongo');
    const kafkaEnv = env('kafka');
    const advertised = (kafkaEnv.get('KAFKA_ADVERTISED_LISTENERS') ?? '').split(',');
    for (const name of [...DISTRIBUTED_APPS, 'cli']) {
      const vars = env(name);
      assert.equal(vars.get('MCP_REGISTRY_STORE'), 'distributed', name);
      const mongo = new URL(vars.get('MONGODB_URI') ?? 'missing:');
      assert.equal(mongo.protocol, 'mongodb:', `${name}: MONGODB_URI`);
      assert.equal(mongo.hostname, 'mongo', `${name}: MONGODB_URI host is the mongo service`);
      assert.equal(mongo.searchParams.get('replicaSet'), replicaSet, `${name}: MONGODB_URI replicaSet`);
      assert.ok(['', '/'].includes(mongo.pathname), `${name}: the database is MCP_REGISTRY_MONGODB_DATABASE`);
      const brokers = (vars.get('KAFKA_BROKERS') ?? '').split(',');
      assert.ok(brokers.length > 0 && brokers[0] !== '', `${name}: KAFKA_BROKERS`);
      for (const broker of brokers) {
        assert.ok(
          advertised.includes(`PLAINTEXT://${broker}`),
          `${name}: ${broker} is not a listener of kafka`,
        );
      }
      const redis = new URL(vars.get('REDIS_URL') ?? 'missing:');
      assert.equal(`${redis.protocol}//${redis.hostname}`, 'redis://redis', `${name}: REDIS_URL`);
      assert.match(asString(service(services, 'redis').image, 'redis.image'), /^redis:/);
      assert.equal(vars.get(TOPIC_VARIABLE), flagValue(kafkaInit, '--topic', 'kafka-init'), `${name}: topic`);
      assert.equal(vars.get(TOPIC_VARIABLE), EVENT_TOPIC, name);
    }
  });

  it('starts distributed apps only after MongoDB and Redis are healthy and the topic exists', () => {
    for (const name of [...DISTRIBUTED_APPS, 'cli']) {
      const deps = dependenciesOf(service(services, name), name);
      assert.equal(deps.get('mongo'), 'service_healthy', `${name} -> mongo`);
      assert.equal(deps.get('redis'), 'service_healthy', `${name} -> redis`);
      assert.equal(deps.get('kafka-init'), 'service_completed_successfully', `${name} -> kafka-init`);
    }
    assert.equal(
      dependenciesOf(service(services, 'kafka-init'), 'kafka-init').get('kafka'),
      'service_healthy',
    );
    for (const [name, raw] of Object.entries(services)) {
      for (const [target, condition] of dependenciesOf(asMap(raw, name), name)) {
        const dep = service(services, target);
        if (condition === 'service_healthy') {
          assert.ok(
            healthcheckOf(dep, target),
            `${name} waits for ${target} to be healthy; it has no healthcheck`,
          );
        }
        if (condition === 'service_completed_successfully') {
          assert.equal(dep.restart, 'no', `${target} is a one-shot: restart must be "no"`);
        }
      }
    }
  });

  it("probes each app's /readyz on the port the app listens on", () => {
    for (const contract of Object.values(APPS)) {
      if (contract.http === undefined) continue;
      const port = listenPort(contract, env(contract.app));
      assert.equal(port, contract.http.port, `${contract.app} listens on ${port}`);
      const check = healthcheckOf(service(services, contract.app), contract.app) ?? '';
      assert.ok(check.includes(`http://127.0.0.1:${port}/readyz`), `${contract.app} healthcheck: ${check}`);
    }
  });

  it('runs two or more API replicas behind a gateway that publishes :8080', () => {
    const api = service(services, 'registry-api');
    assert.ok(replicasOf(api) >= 2, 'registry-api replicas');
    assert.deepEqual(portsOf(api, 'registry-api'), [], 'replicas cannot share a host port');
    const gateway = service(services, 'gateway');
    assert.ok(portsOf(gateway, 'gateway').includes('8080:8080'));
    const configs = asMap(file.configs, 'configs');
    const mounted = asMap((gateway.configs as unknown[])[0], 'gateway.configs[0]');
    const caddyfile = asString(
      asMap(configs[asString(mounted.source, 'source')], 'config').content,
      'content',
    );
    const apiPort = listenPort(APPS['registry-api'] as (typeof APPS)[string], env('registry-api'));
    assert.match(caddyfile, new RegExp(`dynamic a registry-api ${apiPort}\\b`));
    assert.match(caddyfile, /^:8080 \{/m);
    assert.equal(dependenciesOf(gateway, 'gateway').get('registry-api'), 'service_healthy');
  });

  it('keeps every consumer of the topic within its partitions', () => {
    assert.ok(Number.isInteger(partitions) && partitions > 0);
    for (const name of FEED_CONSUMERS) {
      assert.ok(replicasOf(service(services, name)) <= partitions, `${name}: replicas > partitions`);
    }
  });

  it('shares one token-signing key between the API replicas and the federation worker', () => {
    const keys = service(services, 'registry-keys');
    const script = argv('registry-keys').join(' ');
    const file = /const file = '([^']+)'/.exec(script)?.[1];
    assert.ok(file, 'registry-keys does not name its key file');
    const runtime = parseDockerfile(readRepoText('Dockerfile')).at(-1);
    assert.ok(runtime);
    const uid = numericUser(runtime);
    assert.match(
      script,
      new RegExp(`chownSync\\(file, ${uid.uid}, ${uid.gid}\\)`),
      'key owned by the image user',
    );
    const written = volumeMountsOf(keys, 'registry-keys');
    const [volume, mount] = [...written.entries()][0] ?? [];
    assert.ok(volume && mount && file.startsWith(`${mount.target}/`));
    for (const name of SHARED_KEY_APPS) {
      const script = argv(name).join(' ');
      assert.match(script, new RegExp(`MCP_REGISTRY_JWT_PRIVATE_KEY=\\$\\(cat ${file}\\)`), name);
      assert.match(
        script,
        /set -eu/,
        `${name}: a missing key file must stop it, not start it with its own key`,
      );
      const read = volumeMountsOf(service(services, name), name);
      assert.deepEqual(read.get(volume), { target: mount.target, readOnly: true }, name);
      assert.equal(
        dependenciesOf(service(services, name), name).get('registry-keys'),
        'service_completed_successfully',
        name,
      );
    }
  });

  it('runs Kafka in KRaft mode, with a healthcheck, topics only from kafka-init', () => {
    const kafka = env('kafka');
    assert.deepEqual((kafka.get('KAFKA_PROCESS_ROLES') ?? '').split(',').sort(), ['broker', 'controller']);
    assert.ok(kafka.get('KAFKA_CONTROLLER_QUORUM_VOTERS'));
    assert.ok(![...kafka.keys()].some((k) => k.includes('ZOOKEEPER')));
    assert.equal(kafka.get('KAFKA_AUTO_CREATE_TOPICS_ENABLE'), 'false');
    assert.ok(healthcheckOf(service(services, 'kafka'), 'kafka'));
    assert.ok(kafkaInit.some((w) => w.endsWith('kafka-topics.sh')));
    assert.ok(kafkaInit.includes('--create') && kafkaInit.includes('--if-not-exists'));
  });

  it('runs MongoDB 7 as a replica set that its healthcheck initiates', () => {
    const mongo = service(services, 'mongo');
    assert.equal(mongo.image, 'mongo:7');
    const replicaSet = flagValue(argvOf(mongo.command, 'mongo'), '--replSet', 'mongo');
    const check = healthcheckOf(mongo, 'mongo') ?? '';
    assert.match(check, new RegExp(`rs\\.initiate\\(\\{ _id: '${replicaSet}'`));
    assert.match(
      check,
      /host: 'mongo:27017'/,
      'members must be reachable by the apps under the service name',
    );
    assert.match(check, /isWritablePrimary\) quit\(1\)/, 'healthy only once this node is the primary');
  });

  it('offers the embedded registry behind the "embedded" profile, on :8080, with its data on a volume', () => {
    const registry = service(services, 'registry');
    assert.deepEqual(asStrings(registry.profiles, 'registry.profiles'), ['embedded']);
    const vars = env('registry');
    assert.ok([undefined, 'embedded'].includes(vars.get('MCP_REGISTRY_STORE')));
    for (const name of ['MONGODB_URI', 'KAFKA_BROKERS', 'REDIS_URL']) assert.ok(!vars.has(name), name);
    const dataDir = vars.get('MCP_REGISTRY_DATA_DIR');
    assert.ok(dataDir, 'MCP_REGISTRY_DATA_DIR');
    assert.ok(
      [...volumeMountsOf(registry, 'registry').values()].some((m) => m.target === dataDir && !m.readOnly),
    );
    assert.ok(portsOf(registry, 'registry').includes('8080:8080'));
    assert.deepEqual(dependenciesOf(registry, 'registry'), new Map());
  });

  it('keeps operator commands out of `docker compose up` (profile "ops")', () => {
    assert.deepEqual(asStrings(service(services, 'cli').profiles, 'cli.profiles'), ['ops']);
  });
});
