import { parseListenAddress } from '@registry/config/load-config';

/**
 * How the deployment artefacts must run each process: the contract between the app authors and
 * Dockerfile, docker-compose.yml and deploy/. A change on either side changes this table first.
 */
export interface AppContract {
  /** Folder under apps/. */
  readonly app: string;
  /** The compiled entry point, relative to the image's working directory. */
  readonly entry: string;
  readonly store: 'embedded' | 'distributed' | 'either';
  /** The HTTP listener carrying /livez, /readyz and /metrics, and the variable that moves it. */
  readonly http?: {
    readonly port: number;
    readonly addressVariable: 'MCP_REGISTRY_SERVER_ADDRESS' | 'MCP_REGISTRY_HEALTH_ADDRESS';
  };
}

function app(name: string, store: AppContract['store'], http?: AppContract['http']): AppContract {
  return { app: name, entry: `dist/apps/${name}/src/main.js`, store, ...(http ? { http } : {}) };
}

export const APPS: Readonly<Record<string, AppContract>> = {
  registry: app('registry', 'embedded', { port: 8080, addressVariable: 'MCP_REGISTRY_SERVER_ADDRESS' }),
  'registry-api': app('registry-api', 'distributed', {
    port: 8080,
    addressVariable: 'MCP_REGISTRY_SERVER_ADDRESS',
  }),
  projector: app('projector', 'distributed', { port: 8081, addressVariable: 'MCP_REGISTRY_HEALTH_ADDRESS' }),
  verifier: app('verifier', 'distributed', { port: 8082, addressVariable: 'MCP_REGISTRY_HEALTH_ADDRESS' }),
  federation: app('federation', 'distributed', {
    port: 8083,
    addressVariable: 'MCP_REGISTRY_HEALTH_ADDRESS',
  }),
  cli: app('cli', 'either'),
};

/** The long-running apps of distributed mode: one compose service and one Deployment each. */
export const DISTRIBUTED_APPS = ['registry-api', 'projector', 'verifier', 'federation'] as const;

/**
 * The apps that consume the event topic, each as its own consumer group: their replicas split the
 * topic's partitions, so more replicas than partitions sit idle.
 */
export const FEED_CONSUMERS = ['projector', 'federation'] as const;

/**
 * The apps that need the shared MCP_REGISTRY_JWT_PRIVATE_KEY: registry-api signs and checks tokens
 * with it, federation opens the webhook secrets sealed with a key derived from it. A replica with a
 * key of its own would reject every other replica's tokens or fail to open every sealed secret.
 */
export const SHARED_KEY_APPS = ['registry-api', 'federation'] as const;

/** What loadConfig requires once MCP_REGISTRY_STORE=distributed. */
export const DISTRIBUTED_VARIABLES = [
  'MCP_REGISTRY_STORE',
  'MONGODB_URI',
  'KAFKA_BROKERS',
  'REDIS_URL',
] as const;

/** Read by Node itself, not by the registry. */
export const RUNTIME_VARIABLES = ['NODE_OPTIONS', 'NODE_ENV'] as const;

export const PATH_PRELOAD = './scripts/register-paths.cjs';
export const IMAGE_NAME = 'mcp-registry-es';
export const EVENT_TOPIC = 'mcp-registry.events';
export const TOPIC_VARIABLE = 'MCP_REGISTRY_KAFKA_TOPIC';
export const NAMESPACE = 'mcp-registry';

/** The port an address variable's value listens on, read by the registry's own parser. */
export function portOfAddress(variable: string, address: string): number {
  return parseListenAddress(variable, address).port;
}

/** The port an app listens on given its environment (the default when the variable is unset). */
export function listenPort(contract: AppContract, env: ReadonlyMap<string, string>): number | undefined {
  if (contract.http === undefined) return undefined;
  const value = env.get(contract.http.addressVariable);
  return value === undefined ? contract.http.port : portOfAddress(contract.http.addressVariable, value);
}
