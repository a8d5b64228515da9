/** The registry's whole configuration, built once at start-up from the environment. */
export interface ListenAddress {
  host: string;
  port: number;
}

export interface OidcConfig {
  enabled: boolean;
  issuer: string;
  clientId: string;
  /** JSON array of claim objects that must all match, as the official MCP_REGISTRY_OIDC_EXTRA_CLAIMS. */
  extraClaims: Array<Record<string, unknown>>;
  editPermissions: string[];
  publishPermissions: string[];
}

/** Pino's levels, most verbose first; `silent` logs nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogConfig {
  /** MCP_REGISTRY_LOG_LEVEL; unset: `info` for the servers, `warn` for the CLI's operator commands. */
  level: LogLevel | undefined;
  /** MCP_REGISTRY_LOG_FORMAT; unset: `pretty` when the output is a terminal, else `json`. */
  format: 'json' | 'pretty' | undefined;
}

/** Fastify's `trustProxy`: false, true, a hop count, or the trusted proxies' addresses and CIDRs. */
export type TrustProxy = boolean | number | string[];

export interface RegistryConfig {
  /** MCP_REGISTRY_SERVER_ADDRESS, e.g. `:8080` or `127.0.0.1:9000`. */
  serverAddress: ListenAddress;
  /** MCP_REGISTRY_DATA_DIR: where the embedded store keeps its files. */
  dataDir: string;
  /** MCP_REGISTRY_STORE: `embedded` (SQLite, default) or `distributed` (MongoDB, Kafka, Redis). */
  store: 'embedded' | 'distributed';
  /** MCP_REGISTRY_VERSION: reported by /v0/version. */
  version: string;
  /** MCP_REGISTRY_SEED_FROM: file path or URL to import at start-up. */
  seedFrom: string | undefined;
  /** MCP_REGISTRY_JWT_PRIVATE_KEY: hex Ed25519 seed (32 bytes); generated and kept in dataDir when unset. */
  jwtPrivateKeyHex: string | undefined;
  enableAnonymousAuth: boolean;
  enableRegistryValidation: boolean;
  github: {
    clientId: string;
    clientSecret: string;
    /** MCP_REGISTRY_GITHUB_API_URL (beyond the official: lets tests and GHES point elsewhere). */
    apiBaseUrl: string;
    /** MCP_REGISTRY_GITHUB_OIDC_ISSUER: GitHub Actions' OIDC issuer. */
    oidcIssuer: string;
    /** MCP_REGISTRY_GITHUB_OIDC_AUDIENCE. */
    oidcAudience: string;
  };
  oidc: OidcConfig;
  /** MCP_REGISTRY_DNS_RESOLVER: `host[:port]` list used for DNS proofs; system resolver when empty. */
  dnsResolvers: string[];
  /** MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: let outbound HTTP reach private/loopback addresses (tests only). */
  outboundAllowPrivate: boolean;
  packageRegistries: {
    npmBaseUrl: string;
    pypiBaseUrl: string;
    nugetBaseUrl: string;
    cratesBaseUrl: string;
    /** MCP_REGISTRY_OCI_REGISTRY_OVERRIDES: `host=baseUrl,...` (tests point registries at fakes). */
    ociRegistryOverrides: Record<string, string>;
    /** MCP_REGISTRY_OCI_REGISTRY_AUTH: `host=token,...`, as the official registry. */
    ociAuth: Record<string, string>;
  };
  /** MCP_REGISTRY_META_NAMESPACE: reverse-DNS prefix of the registry's own `_meta` key. */
  metaNamespace: string;
  /** MCP_REGISTRY_READ_YOUR_WRITES_TIMEOUT_MS: how long a write waits for the read model. */
  readYourWritesTimeoutMs: number;
  /**
   * The adapter of each port. MCP_REGISTRY_STORE picks the defaults (embedded: sqlite, log,
   * in-process; distributed: mongodb, kafka, bullmq); MCP_REGISTRY_EVENT_STORE, _READ_MODEL,
   * _EVENT_BUS and _JOBS override one port each (e.g. a single-host fleet on SQLite files with Kafka).
   */
  adapters: {
    eventStore: 'sqlite' | 'mongodb';
    readModel: 'sqlite' | 'mongodb';
    eventBus: 'log' | 'kafka';
    jobs: 'in-process' | 'bullmq';
  };
  /** Distributed engines. */
  distributed: {
    mongodbUri: string | undefined;
    /** MCP_REGISTRY_MONGODB_DATABASE. */
    mongodbDatabase: string;
    kafkaBrokers: string[];
    /** MCP_REGISTRY_KAFKA_TOPIC. */
    kafkaTopic: string;
    /**
     * MCP_REGISTRY_KAFKA_SESSION_TIMEOUT_MS: how long the group waits for a silent consumer before
     * handing its partitions to another (a killed projector's partitions resume after this).
     */
    kafkaSessionTimeoutMs: number;
    /** MCP_REGISTRY_KAFKA_MAX_WAIT_MS: how long a fetch waits on the broker for new events. */
    kafkaMaxWaitMs: number;
    /** How the Kafka clients connect: TLS and SASL (managed Kafka services need both). */
    kafkaSecurity: KafkaSecurity;
    redisUrl: string | undefined;
  };
  log: LogConfig;
  /**
   * MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: requests one client may make a minute, reads per address,
   * writes and logins per token subject (else per address); 0 turns the limits off. Default 180.
   */
  rateLimitPerMinute: number;
  /** MCP_REGISTRY_TRUST_PROXY: which proxies' X-Forwarded-For names the client (default none). */
  trustProxy: TrustProxy;
  /** MCP_REGISTRY_HEALTH_ADDRESS: where the projector, verifier and federation apps serve /livez, /readyz, /metrics. */
  healthAddress: ListenAddress;
  /** MCP_REGISTRY_RELAY_POLL_MS: how often the outbox relay looks for new events written by other processes. */
  relayPollMs: number;
  /** MCP_REGISTRY_OWNERSHIP_RECHECK_INTERVAL_MS: how often the verifier re-checks every latest version (0 = never). */
  ownershipRecheckIntervalMs: number;
  /**
   * MCP_REGISTRY_PUBLIC_URL: where clients reach this registry (`https://registry.example.com`), for
   * absolute URLs in the registry card; the card answers paths relative to itself when unset.
   */
  publicUrl: string | undefined;
  /** MCP_REGISTRY_UI_ENABLED: serve the browse UI at `/` and `/servers/{name}` (default true). */
  uiEnabled: boolean;
  /**
   * Mirror mode: MCP_REGISTRY_UPSTREAM_URL (the registry followed), _MODE (`auto`: its change feed
   * when its registry card offers one, else polling; `feed`; `poll`), _POLL_MS (between polls),
   * _INCLUDE and _EXCLUDE (comma-separated name globs; exclude wins).
   */
  upstream:
    | {
        url: string;
        mode: 'auto' | 'feed' | 'poll';
        pollMs: number;
        include: string[];
        exclude: string[];
        /** MCP_REGISTRY_UPSTREAM_TOKEN: a registry token of the upstream, to subscribe to its webhooks. */
        token: string | undefined;
      }
    | undefined;
  federation: {
    /** MCP_REGISTRY_SUBSCRIPTIONS_PER_OWNER: webhook subscriptions one token subject may hold. */
    subscriptionsPerOwner: number;
    /** MCP_REGISTRY_WEBHOOK_TIMEOUT_MS: how long one delivery attempt waits for an answer. */
    deliveryTimeoutMs: number;
    /** MCP_REGISTRY_WEBHOOK_CONCURRENCY: delivery attempts in flight at once, per federation worker. */
    deliveryConcurrency: number;
    /** MCP_REGISTRY_DELIVERY_RETENTION_DAYS: how long finished deliveries are kept (0 = forever). */
    deliveryRetentionDays: number;
  };
  namespaces: {
    /** MCP_REGISTRY_NAMESPACE_RECHECK_INTERVAL_MS: how often a verified claim is proven again (default a day). */
    recheckIntervalMs: number;
    /** MCP_REGISTRY_NAMESPACE_GRACE_MS: how long a claim that lost its proof keeps publishing (default 7 days). */
    graceMs: number;
    /** MCP_REGISTRY_NAMESPACE_PENDING_WINDOW_MS: how long a new claim is checked before it fails (default 24 h). */
    pendingWindowMs: number;
    /** MCP_REGISTRY_NAMESPACE_FIRST_RETRY_MS: the first wait between checks of a pending claim; doubles, at most an hour. */
    pendingFirstDelayMs: number;
    /** MCP_REGISTRY_NAMESPACE_SWEEP_MS: how often the verifier looks for claims due a check (default 30 s). */
    sweepIntervalMs: number;
    /** MCP_REGISTRY_NAMESPACE_CLAIMS_PER_OWNER: claims one token subject may hold (default 20). */
    claimsPerOwner: number;
    /** MCP_REGISTRY_NAMESPACE_KEYS_PER_CLAIM: live publisher keys per claim (default 10). */
    keysPerClaim: number;
    /**
     * MCP_REGISTRY_NAMESPACE_HTTP_BASE_URL, for tests only: where the http method fetches
     * https://<domain> from instead, with `{domain}` replaced by the domain being proven (one
     * plain-HTTP loopback server standing in for many domains). Unset in production.
     */
    httpProofBaseUrl?: string;
  };
}

/** MCP_REGISTRY_KAFKA_TLS, _KAFKA_TLS_CA_FILE, _KAFKA_SASL_MECHANISM, _KAFKA_SASL_USERNAME, _KAFKA_SASL_PASSWORD. */
export interface KafkaSecurity {
  /** Connect to the brokers over TLS (verifying their certificates). */
  tls: boolean;
  /** PEM certificates to trust instead of Node's bundled CAs (read from the CA file at start-up). */
  tlsCaPem?: string;
  sasl?: {
    mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    username: string;
    password: string;
  };
}
