import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';
import { Env, bool, choice, int, list, read } from './env-values';
import { logConfigOf, trustProxyOf } from './request-edge-config';
import { KafkaSecurity, ListenAddress, RegistryConfig } from './registry-config';

const PREFIX = 'MCP_REGISTRY_';

const DAY_MS = 24 * 3_600_000;

function url(env: Env, name: string, fallback: string): string {
  const raw = read(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `expected an absolute http(s) URL, got "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(name, `expected an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function upstreamOf(env: Env): RegistryConfig['upstream'] {
  const p = (s: string) => PREFIX + s;
  const url = optionalUrl(env, p('UPSTREAM_URL'));
  if (url === undefined) return undefined;
  return {
    url,
    mode: choice(env, p('UPSTREAM_MODE'), ['auto', 'feed', 'poll'] as const, 'auto'),
    pollMs: int(env, p('UPSTREAM_POLL_MS'), 60_000, 100, 24 * 3600 * 1000),
    include: list(env, p('UPSTREAM_INCLUDE')),
    exclude: list(env, p('UPSTREAM_EXCLUDE')),
    token: read(env, p('UPSTREAM_TOKEN')),
  };
}

/** An optional http(s) URL in which `placeholder` stands for a host name; checked with one filled in. */
function urlTemplate(env: Env, name: string, placeholder: string): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(raw.split(placeholder).join('example.com')).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ConfigError(
      name,
      `expected an http(s) URL, ${placeholder} standing for the domain, got "${raw}"`,
    );
  }
  return raw.replace(/\/+$/, '');
}

function optionalUrl(env: Env, name: string): string | undefined {
  return read(env, name) === undefined ? undefined : url(env, name, '');
}

export function parseListenAddress(name: string, raw: string): ListenAddress {
  // Accepts the official forms `:8080`, `host:8080`, `[::1]:8080`.
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(raw);
  if (!m)
    throw new ConfigError(name, `expected [host]:port such as ":8080" or "127.0.0.1:9000", got "${raw}"`);
  const port = Number(m[3]);
  if (port > 65535) throw new ConfigError(name, `port ${port} is out of range`);
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port };
}

function pairs(env: Env, name: string): Record<string, string> {
  const raw = read(env, name);
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  for (const item of raw.split(',')) {
    const trimmed = item.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0 || eq === trimmed.length - 1) {
      throw new ConfigError(name, `expected host=value pairs separated by commas, got "${trimmed}"`);
    }
    out[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  return out;
}

function extraClaims(env: Env, name: string): Array<Record<string, unknown>> {
  const raw = read(env, name);
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(name, 'expected a JSON array of objects');
  }
  if (!Array.isArray(parsed) || parsed.some((c) => typeof c !== 'object' || c === null || Array.isArray(c))) {
    throw new ConfigError(name, 'expected a JSON array of objects');
  }
  return parsed as Array<Record<string, unknown>>;
}

const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** TLS and SASL for the Kafka clients; the CA file is read (and checked) here, once. */
function kafkaSecurity(env: Env): KafkaSecurity {
  const p = (s: string) => PREFIX + s;
  const caFile = read(env, p('KAFKA_TLS_CA_FILE'));
  let tlsCaPem: string | undefined;
  if (caFile !== undefined) {
    try {
      tlsCaPem = readFileSync(caFile, 'utf8');
    } catch (error) {
      throw new ConfigError(p('KAFKA_TLS_CA_FILE'), `cannot read ${caFile}: ${(error as Error).message}`);
    }
    if (!tlsCaPem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigError(p('KAFKA_TLS_CA_FILE'), `${caFile} holds no PEM certificate`);
    }
  }
  const tls = bool(env, p('KAFKA_TLS'), caFile !== undefined);
  if (!tls && caFile !== undefined) {
    throw new ConfigError(p('KAFKA_TLS'), 'is false, but MCP_REGISTRY_KAFKA_TLS_CA_FILE is set');
  }
  const mechanism = read(env, p('KAFKA_SASL_MECHANISM'))?.toLowerCase();
  const username = read(env, p('KAFKA_SASL_USERNAME'));
  const password = read(env, p('KAFKA_SASL_PASSWORD'));
  if (mechanism === undefined) {
    if (username !== undefined || password !== undefined) {
      throw new ConfigError(p('KAFKA_SASL_MECHANISM'), 'required when a SASL username or password is set');
    }
    return { tls, ...(tlsCaPem !== undefined ? { tlsCaPem } : {}) };
  }
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    throw new ConfigError(
      p('KAFKA_SASL_MECHANISM'),
      `expected one of ${SASL_MECHANISMS.join(', ')}, got "${mechanism}"`,
    );
  }
  if (username === undefined) throw new ConfigError(p('KAFKA_SASL_USERNAME'), 'required with SASL');
  if (password === undefined) throw new ConfigError(p('KAFKA_SASL_PASSWORD'), 'required with SASL');
  return {
    tls,
    ...(tlsCaPem !== undefined ? { tlsCaPem } : {}),
    sasl: { mechanism: mechanism as (typeof SASL_MECHANISMS)[number], username, password },
  };
}

/** Builds and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): RegistryConfig {
  const p = (s: string) => PREFIX + s;
  const jwt = read(env, p('JWT_PRIVATE_KEY'));
  if (jwt !== undefined && !/^[0-9a-fA-F]{64}$/.test(jwt)) {
    throw new ConfigError(p('JWT_PRIVATE_KEY'), 'expected 64 hex characters (a 32-byte Ed25519 seed)');
  }
  const store = read(env, p('STORE')) ?? 'embedded';
  if (store !== 'embedded' && store !== 'distributed') {
    throw new ConfigError(p('STORE'), `expected "embedded" or "distributed", got "${store}"`);
  }
  const metaNamespace = read(env, p('META_NAMESPACE')) ?? 'io.github.mcp-registry-es';
  if (!/^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+$/.test(metaNamespace)) {
    throw new ConfigError(p('META_NAMESPACE'), `expected a reverse-DNS name such as "com.example.registry"`);
  }
  const oidcEnabled = bool(env, p('OIDC_ENABLED'), false);
  const oidcIssuer = read(env, p('OIDC_ISSUER')) ?? '';
  if (oidcEnabled && oidcIssuer === '') {
    throw new ConfigError(p('OIDC_ISSUER'), 'required when MCP_REGISTRY_OIDC_ENABLED=true');
  }
  const kafkaBrokers = list(env, 'KAFKA_BROKERS');
  const distributed = store === 'distributed';
  const adapters: RegistryConfig['adapters'] = {
    eventStore: choice(
      env,
      p('EVENT_STORE'),
      ['sqlite', 'mongodb'] as const,
      distributed ? 'mongodb' : 'sqlite',
    ),
    readModel: choice(
      env,
      p('READ_MODEL'),
      ['sqlite', 'mongodb'] as const,
      distributed ? 'mongodb' : 'sqlite',
    ),
    eventBus: choice(env, p('EVENT_BUS'), ['log', 'kafka'] as const, distributed ? 'kafka' : 'log'),
    jobs: choice(env, p('JOBS'), ['in-process', 'bullmq'] as const, distributed ? 'bullmq' : 'in-process'),
  };
  const config: RegistryConfig = {
    serverAddress: parseListenAddress(p('SERVER_ADDRESS'), read(env, p('SERVER_ADDRESS')) ?? ':8080'),
    dataDir: read(env, p('DATA_DIR')) ?? './data',
    store,
    version: read(env, p('VERSION')) ?? 'dev',
    seedFrom: read(env, p('SEED_FROM')),
    jwtPrivateKeyHex: jwt?.toLowerCase(),
    enableAnonymousAuth: bool(env, p('ENABLE_ANONYMOUS_AUTH'), false),
    enableRegistryValidation: bool(env, p('ENABLE_REGISTRY_VALIDATION'), true),
    github: {
      clientId: read(env, p('GITHUB_CLIENT_ID')) ?? '',
      clientSecret: read(env, p('GITHUB_CLIENT_SECRET')) ?? '',
      apiBaseUrl: url(env, p('GITHUB_API_URL'), 'https://api.github.com'),
      oidcIssuer: url(env, p('GITHUB_OIDC_ISSUER'), 'https://token.actions.githubusercontent.com'),
      oidcAudience: read(env, p('GITHUB_OIDC_AUDIENCE')) ?? 'mcp-registry',
    },
    oidc: {
      enabled: oidcEnabled,
      issuer: oidcIssuer,
      clientId: read(env, p('OIDC_CLIENT_ID')) ?? '',
      extraClaims: extraClaims(env, p('OIDC_EXTRA_CLAIMS')),
      editPermissions: list(env, p('OIDC_EDIT_PERMISSIONS')),
      publishPermissions: list(env, p('OIDC_PUBLISH_PERMISSIONS')),
    },
    dnsResolvers: list(env, p('DNS_RESOLVER')),
    outboundAllowPrivate: bool(env, p('OUTBOUND_ALLOW_PRIVATE'), false),
    packageRegistries: {
      npmBaseUrl: url(env, p('NPM_REGISTRY_URL'), 'https://registry.npmjs.org'),
      pypiBaseUrl: url(env, p('PYPI_REGISTRY_URL'), 'https://pypi.org'),
      nugetBaseUrl: url(env, p('NUGET_REGISTRY_URL'), 'https://api.nuget.org/v3/index.json'),
      cratesBaseUrl: url(env, p('CRATES_REGISTRY_URL'), 'https://crates.io'),
      ociRegistryOverrides: pairs(env, p('OCI_REGISTRY_OVERRIDES')),
      ociAuth: pairs(env, p('OCI_REGISTRY_AUTH')),
    },
    metaNamespace,
    readYourWritesTimeoutMs: int(env, p('READ_YOUR_WRITES_TIMEOUT_MS'), 5000, 0, 600_000),
    adapters,
    distributed: {
      mongodbUri: read(env, 'MONGODB_URI'),
      mongodbDatabase: read(env, p('MONGODB_DATABASE')) ?? 'mcp_registry',
      kafkaBrokers,
      kafkaTopic: read(env, p('KAFKA_TOPIC')) ?? 'mcp-registry.events',
      kafkaSessionTimeoutMs: int(env, p('KAFKA_SESSION_TIMEOUT_MS'), 30_000, 1_000, 600_000),
      kafkaMaxWaitMs: int(env, p('KAFKA_MAX_WAIT_MS'), 500, 10, 60_000),
      kafkaSecurity: kafkaSecurity(env),
      redisUrl: read(env, 'REDIS_URL'),
    },
    log: logConfigOf(env),
    rateLimitPerMinute: int(env, p('RATE_LIMIT_PER_MINUTE'), 180, 0, 1_000_000),
    trustProxy: trustProxyOf(env),
    healthAddress: parseListenAddress(p('HEALTH_ADDRESS'), read(env, p('HEALTH_ADDRESS')) ?? ':8081'),
    relayPollMs: int(env, p('RELAY_POLL_MS'), 100, 10, 60_000),
    ownershipRecheckIntervalMs: int(
      env,
      p('OWNERSHIP_RECHECK_INTERVAL_MS'),
      24 * 3600 * 1000,
      0,
      365 * 24 * 3600 * 1000,
    ),
    publicUrl: optionalUrl(env, p('PUBLIC_URL')),
    uiEnabled: bool(env, p('UI_ENABLED'), true),
    upstream: upstreamOf(env),
    federation: {
      subscriptionsPerOwner: int(env, p('SUBSCRIPTIONS_PER_OWNER'), 10, 1, 10_000),
      deliveryTimeoutMs: int(env, p('WEBHOOK_TIMEOUT_MS'), 10_000, 100, 60_000),
      deliveryConcurrency: int(env, p('WEBHOOK_CONCURRENCY'), 64, 1, 1_000),
      deliveryRetentionDays: int(env, p('DELIVERY_RETENTION_DAYS'), 30, 0, 3_650),
    },
    namespaces: {
      recheckIntervalMs: int(env, p('NAMESPACE_RECHECK_INTERVAL_MS'), DAY_MS, 1_000, 365 * DAY_MS),
      graceMs: int(env, p('NAMESPACE_GRACE_MS'), 7 * DAY_MS, 0, 365 * DAY_MS),
      pendingWindowMs: int(env, p('NAMESPACE_PENDING_WINDOW_MS'), DAY_MS, 1_000, 30 * DAY_MS),
      pendingFirstDelayMs: int(env, p('NAMESPACE_FIRST_RETRY_MS'), 30_000, 100, 3_600_000),
      sweepIntervalMs: int(env, p('NAMESPACE_SWEEP_MS'), 30_000, 100, 3_600_000),
      claimsPerOwner: int(env, p('NAMESPACE_CLAIMS_PER_OWNER'), 20, 1, 10_000),
      keysPerClaim: int(env, p('NAMESPACE_KEYS_PER_CLAIM'), 10, 1, 1_000),
      httpProofBaseUrl: urlTemplate(env, p('NAMESPACE_HTTP_BASE_URL'), '{domain}'),
    },
  };
  const why = (what: string) =>
    `required when ${what} (MCP_REGISTRY_STORE=${store} or an override selects it)`;
  const usesMongo = adapters.eventStore === 'mongodb' || adapters.readModel === 'mongodb';
  if (usesMongo && config.distributed.mongodbUri === undefined) {
    throw new ConfigError('MONGODB_URI', why('a MongoDB adapter is in use'));
  }
  if (adapters.eventBus === 'kafka' && kafkaBrokers.length === 0) {
    throw new ConfigError('KAFKA_BROKERS', why('the Kafka event bus is in use'));
  }
  if (adapters.jobs === 'bullmq' && config.distributed.redisUrl === undefined) {
    throw new ConfigError('REDIS_URL', why('BullMQ jobs are in use'));
  }
  return config;
}
