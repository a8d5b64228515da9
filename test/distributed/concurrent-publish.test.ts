import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegistryProcess } from '@test/support/registry-process';
import { TEST_JWT_KEY } from '@test/support/test-config';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const PER_REPLICA = 40;

interface Listed {
  servers: Array<{
    server: { version: string };
    _meta: Record<string, { isLatest: boolean; publishedAt: string }>;
  }>;
}

/**
 * Two registry-api replicas publishing versions of one server at the same moment (issue 10 items 3
 * and 5). Each process has its own entry cache, so their writers race on the entry's stream: the
 * loser must decide again on the winner's events, not answer 409, and every version must get a
 * publishedAt of its own. The single-host fleet of docs/architecture.md ("Configuration per port"):
 * the replicas and the projector share the SQLite event log and read model, the projector tails the
 * log, and no Kafka or Redis is needed.
 */
describe('fleet: two replicas publishing one server at once', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-concurrent-publish-'));
  let apiA: RegistryProcess;
  let apiB: RegistryProcess;
  let projector: RegistryProcess;
  let token: string;

  before(async () => {
    const env = {
      MCP_REGISTRY_STORE: 'distributed',
      MCP_REGISTRY_EVENT_STORE: 'sqlite',
      MCP_REGISTRY_READ_MODEL: 'sqlite',
      MCP_REGISTRY_EVENT_BUS: 'log',
      MCP_REGISTRY_JOBS: 'in-process',
      MCP_REGISTRY_DATA_DIR: dataDir,
      MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY,
      MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
      MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
      MCP_REGISTRY_READ_YOUR_WRITES_TIMEOUT_MS: '5000',
    };
    [apiA, apiB, projector] = await Promise.all([
      RegistryProcess.start(env, 60_000, 'registry-api'),
      RegistryProcess.start(env, 60_000, 'registry-api'),
      RegistryProcess.start(env, 60_000, 'projector'),
    ]);
    const res = await fetch(`${apiA.baseUrl}/v0/auth/none`, { method: 'POST' });
    token = ((await res.json()) as { registry_token: string }).registry_token;
  });

  after(async () => {
    await Promise.all([apiA, apiB, projector].map((p) => p?.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const publish = async (baseUrl: string, name: string, version: string) => {
    const res = await fetch(`${baseUrl}/v0/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ $schema: SCHEMA, name, version, description: 'concurrent publish test' }),
    });
    return { status: res.status, text: await res.text(), version };
  };

  it('answers every publish 200; the entry ends with every version, one latest, no two publishedAt alike', async () => {
    const name = 'io.modelcontextprotocol.anonymous/contended';
    // Both replicas at once from the first publish on, so they also race to create the entry. The
    // replicas take alternate versions, and the highest (1.0.79) is one of B's.
    const results = await Promise.all(
      [apiA, apiB].flatMap((api, w) =>
        Array.from({ length: PER_REPLICA }, (_, i) => publish(api.baseUrl, name, `1.0.${2 * i + w}`)),
      ),
    );
    const logs = () => `api A:\n${apiA.output()}\napi B:\n${apiB.output()}`;
    assert.deepEqual(
      results.filter((r) => r.status !== 200).map((r) => `${r.version}: ${r.status} ${r.text}`),
      [],
      logs(),
    );

    // Every 200 was read back by the read model (read-your-writes), so the list is complete now.
    const res = await fetch(`${apiA.baseUrl}/v0/servers/${encodeURIComponent(name)}/versions`);
    const listed = ((await res.json()) as Listed).servers;
    assert.equal(listed.length, 2 * PER_REPLICA);
    const latest = listed.filter((d) => d._meta[OFFICIAL]!.isLatest).map((d) => d.server.version);
    assert.deepEqual(latest, ['1.0.79']);
    const times = new Set(listed.map((d) => d._meta[OFFICIAL]!.publishedAt));
    assert.equal(times.size, 2 * PER_REPLICA, 'every version has a publishedAt of its own');
    const fromB = await fetch(`${apiB.baseUrl}/v0/servers/${encodeURIComponent(name)}/versions/latest`);
    assert.equal(((await fromB.json()) as { server: { version: string } }).server.version, '1.0.79');
  });
});
