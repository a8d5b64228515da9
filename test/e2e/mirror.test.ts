import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

const NS = 'io.github.test-registry';
const enc = encodeURIComponent;

interface Item {
  server: { name: string; version: string };
  _meta: Record<string, unknown>;
}

/** Every version a registry holds, deleted ones included, keyed and sorted for comparison. */
export async function everything(registry: RegistryUnderTest): Promise<Map<string, Item>> {
  const all = new Map<string, Item>();
  let cursor: string | undefined;
  do {
    const query = `include_deleted=true&limit=100${cursor !== undefined ? `&cursor=${enc(cursor)}` : ''}`;
    const res = await registry.request('GET', `/v0.1/servers?${query}`);
    assert.equal(res.status, 200, res.text);
    const page = res.json as { servers: Item[]; metadata: { nextCursor?: string } };
    for (const item of page.servers) all.set(`${item.server.name}@${item.server.version}`, item);
    cursor = page.metadata.nextCursor;
  } while (cursor !== undefined);
  return all;
}

/** Changes made on the upstream: publishes, deprecate, delete, restore, an admin edit. */
async function history(upstream: RegistryUnderTest, prefix: string): Promise<void> {
  const token = await upstream.token([`${prefix}/*`]);
  const admin = await upstream.token([{ action: 'edit', resource: '*' }], 'admin');
  const call = async (method: string, path: string, body: unknown, as = token) => {
    const res = await upstream.request(method, path, { token: as, body });
    assert.equal(res.status, 200, `${method} ${path}: ${res.text}`);
  };
  for (const [name, version] of [
    ['alpha', '1.0.0'],
    ['alpha', '1.1.0'],
    ['beta', '0.1.0'],
    ['alpha', '2.0.0-beta.1'],
    ['beta', '0.2.0'],
    ['gamma', '3.0'],
  ] as const) {
    await call('POST', '/v0/publish', serverJson(`${prefix}/${name}`, version));
  }
  const status = (name: string, version: string) =>
    `/v0/servers/${enc(`${prefix}/${name}`)}/versions/${version}/status`;
  await call('PATCH', status('alpha', '1.0.0'), { status: 'deprecated', statusMessage: 'use 1.1' });
  await call('PATCH', status('beta', '0.2.0'), { status: 'deleted' });
  await call('PATCH', status('alpha', '1.1.0'), { status: 'deleted' });
  await call('PATCH', status('alpha', '1.1.0'), { status: 'active' });
  await call(
    'PUT',
    `/v0/servers/${enc(`${prefix}/gamma`)}/versions/3.0`,
    serverJson(`${prefix}/gamma`, '3.0', { description: 'edited upstream' }),
    admin,
  );
}

async function converged(
  upstream: RegistryUnderTest,
  mirror: RegistryUnderTest,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [a, b] = [await everything(upstream), await everything(mirror)];
    if (JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())) return;
    if (Date.now() > deadline) {
      // Fails with the difference, not a timeout.
      assert.deepEqual(Object.fromEntries([...b].sort()), Object.fromEntries([...a].sort()));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const mode of ['feed', 'poll'] as const) {
  describe(`mirror mode by ${mode === 'feed' ? 'change feed' : 'updated_since polling'}`, () => {
    let upstream: RegistryUnderTest;
    let mirror: RegistryUnderTest;

    before(async () => {
      upstream = await RegistryUnderTest.start();
      mirror = await RegistryUnderTest.start({
        MCP_REGISTRY_UPSTREAM_URL: upstream.baseUrl,
        MCP_REGISTRY_UPSTREAM_MODE: mode === 'feed' ? 'auto' : 'poll',
        MCP_REGISTRY_UPSTREAM_POLL_MS: '200',
        MCP_REGISTRY_UPSTREAM_EXCLUDE: 'io.github.mirror/excluded*',
      });
    });
    after(async () => {
      await mirror.close();
      await upstream.close();
    });

    it('converges to the upstream exactly: versions, statuses, timestamps, isLatest, serverId, versionId', async () => {
      await history(upstream, 'io.github.mirror');
      await converged(upstream, mirror);
      const state = await mirror.request('GET', `/v0.1/x/${NS}/upstream`);
      assert.equal(state.status, 200, state.text);
      const body = state.json as { url: string; mode: string; applied: number; lastError?: unknown };
      assert.equal(body.url, upstream.baseUrl);
      assert.equal(body.mode, mode);
      assert.ok(body.applied > 0);
      assert.equal(body.lastError, undefined);
    });

    it('keeps following: later changes arrive, excluded names do not', async () => {
      await history(upstream, 'io.github.mirror2');
      const token = await upstream.token(['io.github.mirror/*']);
      const res = await upstream.request('POST', '/v0/publish', {
        token,
        body: serverJson('io.github.mirror/excluded-one', '1.0.0'),
      });
      assert.equal(res.status, 200, res.text);
      const expected = await everything(upstream);
      expected.delete('io.github.mirror/excluded-one@1.0.0');
      const deadline = Date.now() + 10_000;
      let seen = await everything(mirror);
      while (
        JSON.stringify([...seen].sort()) !== JSON.stringify([...expected].sort()) &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen = await everything(mirror);
      }
      assert.deepEqual(Object.fromEntries([...seen].sort()), Object.fromEntries([...expected].sort()));
    });

    it('refuses local publishes of mirrored names, and serves the upstream extension in its card', async () => {
      const token = await mirror.token(['io.github.mirror/*']);
      const res = await mirror.request('POST', '/v0/publish', {
        token,
        body: serverJson('io.github.mirror/local', '1.0.0'),
      });
      assert.equal(res.status, 403, res.text);
      assert.match((res.json as { detail: string }).detail, /mirrored from/);
      const card = await mirror.request('GET', '/.well-known/mcp-registry');
      const extensions = (card.json as { extensions: Record<string, { url: string }> }).extensions;
      assert.equal(extensions['upstream']?.url, `/v0.1/x/${NS}/upstream`);
    });
  });
}

describe('the upstream endpoint of a registry that mirrors nothing', () => {
  it('answers 404 with a problem saying so', async () => {
    const registry = await RegistryUnderTest.start();
    try {
      const res = await registry.request('GET', `/v0.1/x/${NS}/upstream`);
      assert.equal(res.status, 404);
      assert.match((res.json as { detail: string }).detail, /MCP_REGISTRY_UPSTREAM_URL/);
    } finally {
      await registry.close();
    }
  });
});

/** A free loopback port, for a registry that must know its own URL before it starts. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

describe('mirror mode with webhooks: the upstream wakes the mirror', () => {
  let upstream: RegistryUnderTest;
  let mirror: RegistryUnderTest;

  before(async () => {
    upstream = await RegistryUnderTest.start({
      MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
      MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
    });
    const port = await freePort();
    mirror = await RegistryUnderTest.start({
      MCP_REGISTRY_SERVER_ADDRESS: `127.0.0.1:${port}`,
      MCP_REGISTRY_PUBLIC_URL: `http://127.0.0.1:${port}`,
      MCP_REGISTRY_UPSTREAM_URL: upstream.baseUrl,
    });
  });
  after(async () => {
    await mirror.close();
    await upstream.close();
  });

  it('subscribes to the upstream, verifies its signatures, and converges well within the 30 s feed pause', async () => {
    // The subscription is made anonymously (the upstream allows it) and answered by the mirror's endpoint.
    const deadline = Date.now() + 15_000;
    let active = false;
    while (!active && Date.now() < deadline) {
      const state = (await mirror.request('GET', `/v0.1/x/${NS}/upstream`)).json as { lastError?: unknown };
      const admin = await upstream.token([{ action: 'edit', resource: '*' }], 'admin');
      const subs = (await upstream.request('GET', `/v0.1/x/${NS}/subscriptions`, { token: admin })).json as {
        subscriptions: Array<{ status: string; url: string }>;
      };
      active = subs.subscriptions.some((s) => s.status === 'active' && s.url.endsWith('/upstream/webhook'));
      if (!active) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(state.lastError, undefined, JSON.stringify(state.lastError));
    }
    assert.ok(active, 'the mirror subscribed and its endpoint answered the handshake');
    // From here on the mirror reads the feed every 30 s unless a webhook wakes it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const started = Date.now();
    await history(upstream, 'io.github.hooked');
    await converged(upstream, mirror, 10_000);
    assert.ok(Date.now() - started < 10_000);

    const forged = await mirror.request('POST', `/v0.1/x/${NS}/upstream/webhook`, {
      body: { type: 'server.version.published', timestamp: new Date().toISOString(), data: {} },
      headers: {
        'webhook-id': 'x',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,Zm9yZ2Vk',
      },
    });
    assert.equal(forged.status, 401, forged.text);
  });
});
