import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ChangeStream, freePort, writesOf } from '@test/support/change-stream';
import { FakeWebhookReceiver } from '@test/support/fakes/webhook-receiver';
import {
  DEFAULT_NS,
  anonymousToken,
  changeOf,
  eventually,
  receivedChanges,
  subscribe,
  subscriptionStatus,
} from '@test/support/federation-client';
import { RegistryProcess } from '@test/support/registry-process';
import { TEST_JWT_KEY } from '@test/support/test-config';

const X = `/v0.1/x/${DEFAULT_NS}`;
const SERVERS = 8;
// Long enough (about 6 s of writes) that both kills land mid-stream on a loaded 2-core machine.
const ROUNDS = 12;
const GAP_MS = 250;
const RECEIVER_DELAY_MS = 200;
const OFFICIAL = 'io.modelcontextprotocol.registry/official';

interface Item {
  server: { name: string; version: string };
}
interface Official {
  status?: string;
  statusChangedAt?: string;
}
interface Change {
  type: string;
  data: {
    sequence: number;
    name: string;
    version?: string;
    server?: { _meta: Record<string, Official | undefined> };
    current?: { server: { version: string } } | null;
  };
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const text = await res.text();
  assert.equal(res.status, 200, `GET ${url}: ${text}`);
  return JSON.parse(text) as T;
}

/** Every version a registry holds, deleted ones included, as the JSON of its item (byte-equal compare). */
async function everything(baseUrl: string): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const q = `include_deleted=true&limit=100${cursor !== undefined ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await getJson<{ servers: Item[]; metadata: { nextCursor?: string } }>(
      `${baseUrl}/v0.1/servers?${q}`,
    );
    for (const item of page.servers)
      all.set(`${item.server.name}@${item.server.version}`, JSON.stringify(item));
    cursor = page.metadata.nextCursor;
  } while (cursor !== undefined);
  return all;
}

const sorted = (m: Map<string, string>) => JSON.stringify([...m].sort(([a], [b]) => a.localeCompare(b)));

/** The whole change feed of a registry. */
async function changes(baseUrl: string): Promise<Change[]> {
  const out: Change[] = [];
  for (let after = 0; ;) {
    const page = await getJson<{ changes: Change[]; metadata: { nextAfter: number; head: number } }>(
      `${baseUrl}${X}/changes?after=${after}&limit=100`,
    );
    out.push(...page.changes);
    if (page.changes.length === 0 || page.metadata.nextAfter >= page.metadata.head) return out;
    after = page.metadata.nextAfter;
  }
}

async function head(baseUrl: string): Promise<number> {
  const page = await getJson<{ metadata: { head: number } }>(`${baseUrl}${X}/changes?after=0&limit=1`);
  return page.metadata.head;
}

const keyOf = (c: Change) => `${c.data.name}@${c.data.version ?? ''}`;

/** Changes of `type` per name@version (per name for latest moves, which name no version). */
function countBy(list: Change[], type: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of list.filter((c) => c.type === type)) out.set(keyOf(c), (out.get(keyOf(c)) ?? 0) + 1);
  return out;
}

/** What a version went through on a registry, in feed order: `status@statusChangedAt` or `latest->v`. */
function trail(list: Change[], key: string): string {
  return list
    .filter((c) => keyOf(c) === key)
    .map((c) => {
      if (c.data.version === undefined) return `latest->${c.data.current?.server.version ?? 'none'}`;
      const meta = c.data.server?._meta[OFFICIAL] ?? {};
      return `${c.type.slice('server.version.'.length)}:${meta.status}@${meta.statusChangedAt?.slice(11)}`;
    })
    .join(', ');
}

/** Restarts on a fixed port, asking again while the killed process's port is not yet free. */
async function startOn(env: Record<string, string>): Promise<RegistryProcess> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await RegistryProcess.start(env);
    } catch (error) {
      if (attempt >= 5 || !/EADDRINUSE/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

for (const mode of ['feed', 'poll'] as const) {
  describe(`durability: a mirror by ${mode} survives kill -9 of itself and of its upstream`, () => {
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), `registry-mirror-kill-${mode}-`)));
    const running: {
      a?: RegistryProcess;
      b?: RegistryProcess;
      receiver?: FakeWebhookReceiver;
      stream?: ChangeStream;
    } = {};
    after(async () => {
      running.stream?.stop();
      await running.b?.kill9();
      await running.a?.kill9();
      await running.receiver?.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    it('converges to the upstream exactly, applies nothing twice, and the upstream delivers every change', async () => {
      const port = await freePort();
      const envA = {
        MCP_REGISTRY_DATA_DIR: dirs[0]!,
        MCP_REGISTRY_SERVER_ADDRESS: `127.0.0.1:${port}`,
        MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY,
        MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
        MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
        MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
        MCP_REGISTRY_WEBHOOK_TIMEOUT_MS: '5000',
      };
      const receiver = (running.receiver = await new FakeWebhookReceiver().start());
      receiver.respondWith((r) => (changeOf(r) !== undefined ? { delayMs: RECEIVER_DELAY_MS } : undefined));
      let a = (running.a = await startOn(envA));
      const upstreamUrl = a.baseUrl;
      const envB = {
        MCP_REGISTRY_DATA_DIR: dirs[1]!,
        MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY,
        MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
        MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
        MCP_REGISTRY_UPSTREAM_URL: upstreamUrl,
        MCP_REGISTRY_UPSTREAM_MODE: mode,
        MCP_REGISTRY_UPSTREAM_POLL_MS: '200',
      };
      const token = await anonymousToken(a.baseUrl);
      const subscription = await subscribe(a.baseUrl, token, receiver, {});
      await eventually(
        'the subscription to be verified',
        async () => (await subscriptionStatus(upstreamUrl, token, subscription)) === 'active',
        10_000,
      );
      const names = Array.from(
        { length: SERVERS },
        (_, s) => `io.modelcontextprotocol.anonymous/mk-${mode}-${s}`,
      );
      const stream = new ChangeStream(
        upstreamUrl,
        token,
        names.map((n) => writesOf(n, ROUNDS)),
        GAP_MS,
      );
      running.stream = stream;
      const streaming = stream.run();
      // Awaited below; a failure before that must not surface as an unhandled rejection.
      streaming.catch(() => undefined);

      // B starts with a backlog and is killed while catching up: once it has stored a position, in
      // the middle of applying a later batch, while behind A (by feed its position is before A's
      // head, by polling it lacks versions A has).
      await stream.reached(0.2, 20_000);
      let b = (running.b = await RegistryProcess.start(envB));
      const bBase = b.baseUrl;
      await eventually(
        'the mirror to store a position',
        async () => (await getJson<{ position?: unknown }>(`${bBase}${X}/upstream`)).position !== undefined,
        5_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await eventually(
        'the mirror to be behind its upstream',
        async () => {
          if (mode === 'poll')
            return sorted(await everything(bBase)) !== sorted(await everything(upstreamUrl));
          const state = await getJson<{ position: { after: number } }>(`${bBase}${X}/upstream`);
          return state.position.after < (await head(upstreamUrl));
        },
        5_000,
      );
      await b.kill9();
      const bKilledAt = stream.done;
      await stream.reached(0.45, 20_000);
      b = running.b = await RegistryProcess.start(envB);

      // A is killed while its federation worker has a delivery in flight (the receiver answers slowly).
      await stream.reached(0.6, 20_000);
      await eventually(
        'a delivery to be in flight',
        async () => receiver.requests.some((r) => Date.now() - r.arrivedAt.getTime() < RECEIVER_DELAY_MS / 2),
        5_000,
      );
      await a.kill9();
      const aKilledAt = stream.done;
      const deliveredBeforeKill = receivedChanges(receiver).byId.size;
      a = running.a = await startOn(envA);
      assert.equal(a.baseUrl, upstreamUrl, 'A restarted on its URL');
      await streaming;
      assert.ok(bKilledAt < stream.total && aKilledAt < stream.total, 'both kills came mid-stream');
      const unexpected = stream.refusals.filter((r) => !r.retried);
      assert.deepEqual(unexpected, [], 'every write answered 200 unless retried across the kill');

      // Convergence: every item byte-equal, deleted versions included.
      const deadline = Date.now() + 25_000;
      let [want, got] = [await everything(upstreamUrl), await everything(b.baseUrl)];
      while (sorted(want) !== sorted(got) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        [want, got] = [await everything(upstreamUrl), await everything(b.baseUrl)];
      }
      assert.deepEqual(
        [...got].sort().map(([key, item]) => [key, JSON.parse(item) as unknown]),
        [...want].sort().map(([key, item]) => [key, JSON.parse(item) as unknown]),
      );
      assert.ok(want.size >= SERVERS * ROUNDS * 2 - SERVERS, `${want.size} versions on A`);

      const [onA, onB] = [await changes(upstreamUrl), await changes(b.baseUrl)];
      const state = await getJson<{ url: string; mode: string }>(`${b.baseUrl}${X}/upstream`);
      assert.deepEqual([state.url, state.mode], [upstreamUrl, mode]);

      // A's federation worker, killed mid-delivery, delivers every change at least once, signed.
      await eventually(
        'every change of A to reach the receiver',
        async () => receivedChanges(receiver).byId.size >= onA.length,
        30_000,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)} (${receivedChanges(receiver).byId.size} of ${onA.length})`);
      });
      const { byId } = receivedChanges(receiver);
      const received = new Set([...byId.values()].map((c) => c.data.sequence));
      assert.deepEqual(
        onA.filter((c) => !received.has(c.data.sequence)).map((c) => c.data.sequence),
        [],
        'changes never delivered',
      );
      assert.equal(byId.size, onA.length, 'one webhook-id per change');
      assert.ok(deliveredBeforeKill < onA.length, 'deliveries were pending when A was killed');
      const forged = receiver.requests.filter((r) => changeOf(r) !== undefined && !r.verified);
      assert.equal(forged.length, 0, `unverified deliveries: ${forged[0]?.verificationError ?? ''}`);

      // Nothing applied twice: one publish per version on B, no more status changes, edits or latest
      // moves than on A.
      const twice = [...countBy(onB, 'server.version.published')].filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], 'versions published twice on the mirror');
      const extra: string[] = [];
      for (const type of [
        'server.version.status-changed',
        'server.version.edited',
        'server.latest-version.changed',
      ]) {
        const [fromA, fromB] = [countBy(onA, type), countBy(onB, type)];
        for (const [key, n] of fromB) {
          if (n <= (fromA.get(key) ?? 0)) continue;
          extra.push(`${type} ${key}: ${n} on B, ${fromA.get(key) ?? 0} on A; B: ${trail(onB, key)}`);
        }
      }
      assert.deepEqual(extra, [], 'changes applied more often on the mirror than on the upstream');
    });
  });
}
