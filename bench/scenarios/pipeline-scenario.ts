import { rmSync } from 'node:fs';
import { RegistryProcess } from '@test/support/registry-process';
import { BenchSettings } from '../bench-settings';
import { benchRegistryEnv } from '../dataset/bench-registry-env';
import { BenchChild } from '../processes/bench-child';
import { PipelineEngines } from '../processes/pipeline-engines';

/** Percentiles of one side's sequential publishes, in milliseconds. */
export interface VisibilityLatency {
  label: string;
  publishes: number;
  /** POST sent → a GET on the reading process answers 200 with the version. */
  visibleP50Ms: number;
  visibleP99Ms: number;
  /** POST sent → its response (the API answers once its read model has the version, or its bound passed). */
  publishP50Ms: number;
  publishP99Ms: number;
  /** GETs that answered 404 before the version showed (0 when read-your-writes held). */
  extraReads: number;
  /** Publish responses that said the read model was behind (x-registry-read-model). */
  behind: number;
}

export interface PipelineLatencyResult {
  embedded: VisibilityLatency;
  distributed: VisibilityLatency;
}

const TOPIC = 'mcp-registry.bench-pipeline';
const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const VISIBLE_WITHIN_MS = 30_000;

export const PIPELINE_TOPIC = TOPIC;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function anonymousToken(url: string): Promise<string> {
  const res = await fetch(`${url}/v0/auth/none`, { method: 'POST' });
  const body = (await res.json()) as { registry_token?: unknown };
  if (res.status !== 200 || typeof body.registry_token !== 'string') {
    throw new Error(`POST /v0/auth/none answered ${res.status}`);
  }
  return body.registry_token;
}

/**
 * Publishes `count + warmup` versions one after another through `writer` and, for each, reads it back
 * from `reader` until it is there. Only the last `count` are kept.
 */
async function measure(
  label: string,
  writer: string,
  reader: string,
  count: number,
  warmup: number,
): Promise<VisibilityLatency> {
  const token = await anonymousToken(writer);
  const visible: number[] = [];
  const publish: number[] = [];
  let extraReads = 0;
  let behind = 0;
  for (let i = 0; i < warmup + count; i++) {
    const name = `io.modelcontextprotocol.anonymous/pipeline-${i % 50}`;
    const version = `1.${Math.floor(i / 50)}.0`;
    const started = performance.now();
    const res = await fetch(`${writer}/v0/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ $schema: SCHEMA, name, version, description: 'pipeline bench' }),
    });
    await res.text();
    const answered = performance.now();
    if (res.status !== 200) throw new Error(`${label}: publish ${name}@${version} answered ${res.status}`);
    const wasBehind = res.headers.get('x-registry-read-model') !== null;
    let reads = 0;
    for (;;) {
      const got = await fetch(`${reader}/v0/servers/${encodeURIComponent(name)}/versions/${version}`);
      await got.text();
      if (got.status === 200) break;
      reads += 1;
      if (performance.now() - started > VISIBLE_WITHIN_MS) {
        throw new Error(`${label}: ${name}@${version} not visible within ${VISIBLE_WITHIN_MS} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (i < warmup) continue;
    visible.push(performance.now() - started);
    publish.push(answered - started);
    extraReads += reads;
    if (wasBehind) behind += 1;
  }
  visible.sort((a, b) => a - b);
  publish.sort((a, b) => a - b);
  return {
    label,
    publishes: count,
    visibleP50Ms: percentile(visible, 50),
    visibleP99Ms: percentile(visible, 99),
    publishP50Ms: percentile(publish, 50),
    publishP99Ms: percentile(publish, 99),
    extraReads,
    behind,
  };
}

/**
 * Publish → visible latency, embedded beside distributed. Embedded: the all-in-one registry, read
 * back from itself (it is one process). Distributed: registry-api A takes the publish, the projector
 * relays it through Kafka into the shared read model, and registry-api B is read.
 */
export async function runPipelineLatency(
  settings: BenchSettings,
  engines: PipelineEngines,
  log: (message: string) => void,
): Promise<PipelineLatencyResult> {
  const count = settings.pipelinePublishes;
  const warmup = Math.max(10, Math.floor(count / 10));

  const embeddedEnv = benchRegistryEnv();
  let embedded: VisibilityLatency;
  try {
    const registry = await BenchChild.start<{ port: number }>('registry-server.js', { env: embeddedEnv.env });
    try {
      const url = `http://127.0.0.1:${registry.ready.port}`;
      log(`pipeline-latency: embedded registry at ${url}, ${warmup} + ${count} publishes`);
      embedded = await measure('embedded (all-in-one)', url, url, count, warmup);
    } finally {
      await registry.stop();
    }
  } finally {
    embeddedEnv.cleanup();
  }

  const fleetEnv = benchRegistryEnv();
  const env: Record<string, string> = {
    ...fleetEnv.env,
    MCP_REGISTRY_STORE: 'distributed',
    MCP_REGISTRY_EVENT_STORE: 'sqlite',
    MCP_REGISTRY_READ_MODEL: 'sqlite',
    MCP_REGISTRY_KAFKA_TOPIC: TOPIC,
    MCP_REGISTRY_KAFKA_SESSION_TIMEOUT_MS: '6000',
    // The protocol mock answers a fetch only when its wait ends, even with data ready.
    MCP_REGISTRY_KAFKA_MAX_WAIT_MS: '50',
    MCP_REGISTRY_RELAY_POLL_MS: '20',
    KAFKA_BROKERS: engines.kafka.brokers.join(','),
    REDIS_URL: engines.redis.url,
  };
  const fleet: RegistryProcess[] = [];
  try {
    fleet.push(
      ...(await Promise.all([
        RegistryProcess.start(env, 60_000, 'registry-api'),
        RegistryProcess.start(env, 60_000, 'registry-api'),
        RegistryProcess.start(env, 60_000, 'projector'),
      ])),
    );
    const [apiA, apiB] = fleet;
    log(`pipeline-latency: distributed, publish to ${apiA!.baseUrl}, read from ${apiB!.baseUrl}`);
    const distributed = await measure(
      'distributed (registry-api ×2 + projector, Kafka mock)',
      apiA!.baseUrl,
      apiB!.baseUrl,
      count,
      warmup,
    );
    return { embedded, distributed };
  } finally {
    await Promise.all(fleet.map((p) => p.stop()));
    rmSync(fleetEnv.dataDir, { recursive: true, force: true });
  }
}
