import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fixed Ed25519 seed, so the seeding process and the registry child sign and accept the same tokens. */
export const BENCH_JWT_KEY = '2f2e2d2c2b2a292827262524232221201f1e1d1c1b1a19181716151413121110';

/** The environment of a registry under benchmark, on a fresh temporary data directory. */
/** The extension namespace of the registry under benchmark (its subscriptions live under /v0.1/x/<ns>). */
export const BENCH_NAMESPACE_EXTENSION = 'io.github.registry-bench';

export interface BenchRegistryEnv {
  env: Record<string, string>;
  dataDir: string;
  cleanup(): void;
}

/**
 * Loopback only, anonymous login on (its token grants `io.modelcontextprotocol.anonymous/*`), no
 * outbound package checks: the benchmark measures the registry, not npm's latency. Webhooks may go to
 * loopback receivers (the federation scenario's), which nothing else subscribes before it runs.
 */
export function benchRegistryEnv(): BenchRegistryEnv {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-bench-'));
  return {
    env: {
      MCP_REGISTRY_DATA_DIR: dataDir,
      MCP_REGISTRY_SERVER_ADDRESS: '127.0.0.1:0',
      MCP_REGISTRY_JWT_PRIVATE_KEY: BENCH_JWT_KEY,
      MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
      MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
      MCP_REGISTRY_META_NAMESPACE: BENCH_NAMESPACE_EXTENSION,
      // The federation scenario's receivers are on loopback, and one anonymous token owns them all.
      MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
      MCP_REGISTRY_SUBSCRIPTIONS_PER_OWNER: '10000',
      // Load from one address is the point here: the default 180 a minute would end it. Set the
      // variable to measure what counting costs (a limit no run reaches, such as 1000000).
      MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: process.env.MCP_REGISTRY_RATE_LIMIT_PER_MINUTE ?? '0',
    },
    dataDir,
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
