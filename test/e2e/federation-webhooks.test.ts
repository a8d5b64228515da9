import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeWebhookReceiver, ReceivedWebhook } from '@test/support/fakes/webhook-receiver';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

const NS = 'io.github.test-registry';
const X = `/v0.1/x/${NS}`;

interface Change {
  type: string;
  timestamp: string;
  data: {
    sequence: number;
    serverId: string;
    name: string;
    version?: string;
    server?: { server: { version: string }; _meta: Record<string, { isLatest?: boolean }> };
    previous?: unknown;
    current?: unknown;
  };
}

interface Subscription {
  id: string;
  url: string;
  status: string;
  statusReason: string;
  filter: unknown;
  secret?: string;
}

interface Delivery {
  id: string;
  outcome: string;
  sequence: number;
  attempts: Array<{ attempt: number; outcome: string; status?: number; response?: string; error?: string }>;
}

const changesOf = (receiver: FakeWebhookReceiver): Change[] =>
  receiver.requests
    .map((r) => r.json as Change)
    .filter((c) => c !== undefined && c.type !== 'registry.subscription.verification');

/**
 * Issue 8 end to end: a sub-registry subscribes over HTTP, confirms its endpoint with the signed
 * handshake, and receives every change signed (checked with the `standardwebhooks` package), in
 * order per entry, retried after failures, with every attempt visible, on the all-in-one registry.
 */
describe('federation: signed webhooks to subscribed sub-registries', () => {
  let registry: RegistryUnderTest;
  let token: string;

  before(async () => {
    registry = await RegistryUnderTest.start({
      MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
      MCP_REGISTRY_SUBSCRIPTIONS_PER_OWNER: '3',
    });
    token = await registry.token(['io.github.fed/*']);
  });
  after(() => registry.close());

  async function subscribe(
    receiver: FakeWebhookReceiver,
    extra: Record<string, unknown> = {},
    as = token,
  ): Promise<Subscription> {
    const res = await registry.request('POST', `${X}/subscriptions`, {
      token: as,
      body: { url: receiver.url, ...extra },
    });
    assert.equal(res.status, 201, res.text);
    const created = res.json as Subscription;
    receiver.secrets = [created.secret!];
    return created;
  }

  async function statusOf(id: string): Promise<Subscription> {
    const res = await registry.request('GET', `${X}/subscriptions/${id}`, { token });
    assert.equal(res.status, 200, res.text);
    return res.json as Subscription;
  }

  async function until(what: string, check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function publish(name: string, version: string): Promise<void> {
    const res = await registry.request('POST', '/v0/publish', { token, body: serverJson(name, version) });
    assert.equal(res.status, 200, res.text);
  }

  it('verifies the endpoint, then delivers every change signed, as GET answered it, in order', async () => {
    const receiver = await new FakeWebhookReceiver().start();
    try {
      const created = await subscribe(receiver, {
        description: 'mirror',
        filter: { names: ['io.github.fed/*'] },
      });
      assert.equal(created.status, 'pending');
      assert.match(created.secret!, /^whsec_[A-Za-z0-9+/=]{40,}$/);
      await until(
        'the subscription to be verified',
        async () => (await statusOf(created.id)).status === 'active',
      );
      const handshake = receiver.requests[0]!;
      assert.equal((handshake.json as Change).type, 'registry.subscription.verification');
      assert.ok(handshake.verified, handshake.verificationError);

      await publish('io.github.fed/alpha', '1.0.0');
      const v1 = await registry.request('GET', '/v0.1/servers/io.github.fed%2Falpha/versions/1.0.0');
      await publish('io.github.fed/alpha', '1.1.0');
      await publish('io.github.fed/beta', '0.1.0');
      await receiver.waitFor((r) => changesOf(r).length >= 6, 5_000);

      for (const request of receiver.requests) assert.ok(request.verified, request.verificationError);
      const alpha = changesOf(receiver).filter((c) => c.data.name === 'io.github.fed/alpha');
      assert.deepEqual(
        alpha.map((c) => c.type),
        [
          'server.version.published',
          'server.latest-version.changed',
          'server.version.published',
          'server.latest-version.changed',
        ],
      );
      const sequences = alpha.map((c) => c.data.sequence);
      assert.deepEqual(
        sequences,
        [...sequences].sort((a, b) => a - b),
        'per-entry order',
      );
      // The first publish's payload is the version exactly as GET answered it right after.
      const first = receiver.requests.find(
        (r) =>
          (r.json as Change).type === 'server.version.published' &&
          (r.json as Change).data.version === '1.0.0',
      )!;
      assert.deepEqual(
        (first.json as Change).data.server,
        JSON.parse(v1.text.replace('"isLatest":true', '"isLatest":false')),
      );
      // webhook-id is the change's event id: the same on every retry, distinct per change.
      const ids = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
      assert.equal(ids.size, receiver.requests.length);
    } finally {
      await receiver.close();
    }
  });

  it('retries a failing endpoint, records each attempt, and retries one delivery on demand', async () => {
    const receiver = await new FakeWebhookReceiver().start();
    try {
      const created = await subscribe(receiver, {
        filter: { names: ['io.github.fed/gamma'], types: ['server.version.published'] },
      });
      await until('verification', async () => (await statusOf(created.id)).status === 'active');
      receiver.respondWith((r) =>
        (r.json as Change).type === 'server.version.published'
          ? { status: 503, body: 'down for maintenance' }
          : undefined,
      );
      await publish('io.github.fed/gamma', '1.0.0');
      await receiver.waitFor((r) => changesOf(r).length === 1);

      let delivery: Delivery | undefined;
      await until('the failed attempt to be recorded', async () => {
        const res = await registry.request(
          'GET',
          `${X}/subscriptions/${created.id}/deliveries?outcome=scheduled`,
          {
            token,
          },
        );
        delivery = (res.json as { deliveries: Delivery[] }).deliveries[0];
        return delivery !== undefined && delivery.attempts.length === 1;
      });
      assert.equal(delivery!.attempts[0]!.status, 503);
      assert.equal(delivery!.attempts[0]!.response, 'down for maintenance');

      receiver.respondWith(undefined);
      const retried = await registry.request(
        'POST',
        `${X}/subscriptions/${created.id}/deliveries/${delivery!.id}/retry`,
        { token },
      );
      assert.equal(retried.status, 202, retried.text);
      await receiver.waitFor((r) => changesOf(r).length === 2);
      const [firstTry, secondTry] = changesOf(receiver).length === 2 ? receiver.requests.slice(-2) : [];
      assert.equal(firstTry!.headers['webhook-id'], secondTry!.headers['webhook-id']);
      await until('the delivery to be delivered', async () => {
        const res = await registry.request(
          'GET',
          `${X}/subscriptions/${created.id}/deliveries?outcome=delivered`,
          {
            token,
          },
        );
        const found = (res.json as { deliveries: Delivery[] }).deliveries.find((d) => d.id === delivery!.id);
        return found !== undefined && found.attempts.length === 2;
      });
    } finally {
      await receiver.close();
    }
  });

  it('disables the subscription when the endpoint answers 410', async () => {
    const receiver = await new FakeWebhookReceiver().start();
    try {
      const created = await subscribe(receiver, { filter: { names: ['io.github.fed/delta'] } });
      await until('verification', async () => (await statusOf(created.id)).status === 'active');
      receiver.respondWith(() => ({ status: 410 }));
      await publish('io.github.fed/delta', '1.0.0');
      await until(
        'the subscription to be disabled',
        async () => (await statusOf(created.id)).status === 'disabled',
      );
      assert.match((await statusOf(created.id)).statusReason, /410/);
    } finally {
      await receiver.close();
    }
  });

  it('keeps subscriptions to their owner, limits them per owner, and refuses bad input with problems', async () => {
    const stranger = await registry.token(['io.github.stranger/*'], 'stranger');
    const mine = await registry.request('GET', `${X}/subscriptions`, { token });
    const owned = (mine.json as { subscriptions: Subscription[] }).subscriptions;
    assert.equal(owned.length, 3);
    assert.ok(
      owned.every((s) => s.secret === undefined),
      'the secret is shown only on creation',
    );
    const theirs = await registry.request('GET', `${X}/subscriptions`, { token: stranger });
    assert.deepEqual((theirs.json as { subscriptions: unknown[] }).subscriptions, []);
    const peek = await registry.request('GET', `${X}/subscriptions/${owned[0]!.id}`, { token: stranger });
    assert.equal(peek.status, 404);

    const receiver = await new FakeWebhookReceiver().start();
    try {
      const fourth = await registry.request('POST', `${X}/subscriptions`, {
        token,
        body: { url: receiver.url },
      });
      assert.equal(fourth.status, 409, fourth.text);
      assert.match(fourth.text, /3/);
    } finally {
      await receiver.close();
    }
    for (const [body, location] of [
      [{}, 'body'],
      [{ url: 'not a url' }, 'body.url'],
      [{ url: 'https://example.com/h', filter: { types: ['server.nope'] } }, 'body.filter.types[0]'],
      [{ url: 'https://example.com/h', colour: 'blue' }, 'body.colour'],
    ] as const) {
      const res = await registry.request('POST', `${X}/subscriptions`, { token: stranger, body });
      assert.equal(res.status, 422, res.text);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
      const errors = (res.json as { errors: Array<{ location: string }> }).errors;
      assert.ok(
        errors.some((e) => e.location === location),
        `${JSON.stringify(errors)} names ${location}`,
      );
    }
    const anonymous = await registry.request('GET', `${X}/subscriptions`);
    assert.equal(anonymous.status, 401);
  });

  it('rotates the secret: for 24 hours every delivery carries both signatures', async () => {
    const owner = await registry.token(['io.github.fed/*'], 'rotator');
    const receiver = await new FakeWebhookReceiver().start();
    try {
      const created = await subscribe(receiver, { filter: { names: ['io.github.fed/epsilon'] } }, owner);
      await until('verification', async () => {
        const res = await registry.request('GET', `${X}/subscriptions/${created.id}`, { token: owner });
        return (res.json as Subscription).status === 'active';
      });
      const rotated = await registry.request('POST', `${X}/subscriptions/${created.id}/rotate-secret`, {
        token: owner,
      });
      assert.equal(rotated.status, 200, rotated.text);
      const newSecret = (rotated.json as Subscription).secret!;
      assert.notEqual(newSecret, created.secret);
      receiver.secrets = [created.secret!, newSecret];
      await publish('io.github.fed/epsilon', '1.0.0');
      await receiver.waitFor((r) => changesOf(r).length >= 1);
      const delivered = receiver.requests.at(-1) as ReceivedWebhook;
      assert.deepEqual([...delivered.verifiedWith].sort(), [created.secret!, newSecret].sort());
    } finally {
      await receiver.close();
    }
  });
});

describe('federation: the outbound guard on subscription URLs', () => {
  let registry: RegistryUnderTest;
  before(async () => {
    registry = await RegistryUnderTest.start({ MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'false' });
  });
  after(() => registry.close());

  it('refuses http, loopback, private and metadata addresses with a problem naming the URL', async () => {
    const token = await registry.token(['io.github.fed/*']);
    for (const url of [
      'http://example.com/hook',
      'https://127.0.0.1/hook',
      'https://10.0.0.8/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
    ]) {
      const res = await registry.request('POST', `${X}/subscriptions`, { token, body: { url } });
      assert.equal(res.status, 422, `${url}: ${res.text}`);
      const errors = (res.json as { errors: Array<{ location: string }> }).errors;
      assert.equal(errors[0]!.location, 'body.url');
    }
    const listed = await registry.request('GET', `${X}/subscriptions`, { token });
    assert.deepEqual((listed.json as { subscriptions: unknown[] }).subscriptions, [], 'nothing was created');
  });
});

describe('federation: many subscriptions at once', () => {
  let registry: RegistryUnderTest;
  before(async () => {
    registry = await RegistryUnderTest.start({
      MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
      MCP_REGISTRY_SUBSCRIPTIONS_PER_OWNER: '100',
    });
  });
  after(() => registry.close());

  it('verifies forty endpoints created at once: their writes to the one subscription stream all land', async () => {
    const token = await registry.token(['io.github.many/*']);
    const receiver = await new FakeWebhookReceiver().start();
    try {
      const created = await Promise.all(
        Array.from({ length: 40 }, (_, k) =>
          registry.request('POST', `${X}/subscriptions`, { token, body: { url: `${receiver.url}/${k}` } }),
        ),
      );
      assert.ok(created.every((res) => res.status === 201));
      const deadline = Date.now() + 10_000;
      let pending = 40;
      while (pending > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const listed = await registry.request('GET', `${X}/subscriptions`, { token });
        pending = (listed.json as { subscriptions: Subscription[] }).subscriptions.filter(
          (s) => s.status !== 'active',
        ).length;
      }
      assert.equal(pending, 0, 'every subscription became active');
    } finally {
      await receiver.close();
    }
  });
});
