import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RegistryProcess } from '@test/support/registry-process';
import { TEST_JWT_KEY } from '@test/support/test-config';

const dataDir = mkdtempSync(join(tmpdir(), 'registry-durability-'));
const env = {
  MCP_REGISTRY_DATA_DIR: dataDir,
  MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY,
  MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
  MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
};

async function anonymousToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v0/auth/none`, { method: 'POST' });
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { registry_token: string }).registry_token;
}

async function publish(baseUrl: string, token: string, name: string, version: string): Promise<number> {
  const res = await fetch(`${baseUrl}/v0/publish`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name,
      version,
      description: 'durability test',
    }),
  });
  await res.text();
  return res.status;
}

async function count(baseUrl: string): Promise<Set<string>> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const res = await fetch(
      `${baseUrl}/v0/servers?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const body = (await res.json()) as {
      servers: Array<{ server: { name: string; version: string } }>;
      metadata: { nextCursor?: string };
    };
    for (const s of body.servers) seen.add(`${s.server.name}@${s.server.version}`);
    if (!body.metadata.nextCursor) return seen;
    cursor = body.metadata.nextCursor;
  }
}

describe('durability: a 2xx survives a restart and kill -9', () => {
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps everything across a normal restart', async () => {
    const first = await RegistryProcess.start(env);
    const token = await anonymousToken(first.baseUrl);
    for (let i = 0; i < 5; i++)
      assert.equal(
        await publish(first.baseUrl, token, `io.modelcontextprotocol.anonymous/restart-${i}`, '1.0.0'),
        200,
      );
    await first.stop();
    const second = await RegistryProcess.start(env);
    const seen = await count(second.baseUrl);
    for (let i = 0; i < 5; i++) assert.ok(seen.has(`io.modelcontextprotocol.anonymous/restart-${i}@1.0.0`));
    await second.stop();
  });

  it('loses no acknowledged publish when killed with SIGKILL mid-stream', async () => {
    const proc = await RegistryProcess.start(env);
    const token = await anonymousToken(proc.baseUrl);
    const acknowledged: string[] = [];
    let stop = false;
    // 8 concurrent publishers; the process is killed while they run.
    const workers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const name = `io.modelcontextprotocol.anonymous/kill-${w}`;
        try {
          if ((await publish(proc.baseUrl, token, name, `1.0.${i}`)) === 200)
            acknowledged.push(`${name}@1.0.${i}`);
        } catch {
          return; // connection refused or reset: the process is gone
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await proc.kill9();
    stop = true;
    await Promise.all(workers);
    assert.ok(
      acknowledged.length > 20,
      `only ${acknowledged.length} publishes were acknowledged before the kill`,
    );
    const again = await RegistryProcess.start(env);
    const seen = await count(again.baseUrl);
    const lost = acknowledged.filter((k) => !seen.has(k));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged publishes were lost`);
    await again.stop();
  });
});
