import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { WebhookMessage } from '@registry/application/ports/webhook-sender.port';
import { StandardWebhookSender } from '@registry/webhooks';
import { FakeWebhookReceiver } from '@test/support/fakes/webhook-receiver';

const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;
const secret = newSecret();
const previousSecret = newSecret();
const attemptEnd = new Date('2025-03-01T12:00:00Z');

describe('StandardWebhookSender over loopback', () => {
  let receiver: FakeWebhookReceiver;
  const sender = new StandardWebhookSender({
    allowPrivateAddresses: true,
    timeoutMs: 2_000,
    now: () => attemptEnd,
  });
  let sequence = 0;

  // The timestamp is the real clock's: the receiver's library refuses messages older than 5 minutes.
  const message = (overrides: Partial<WebhookMessage> = {}): WebhookMessage => {
    sequence += 1;
    const body = JSON.stringify({
      type: 'registry.server.published',
      timestamp: '2025-03-01T12:00:00Z',
      data: { n: sequence },
    });
    return {
      url: receiver.url,
      id: `evt_${sequence}`,
      body,
      secrets: [secret],
      timestamp: new Date(),
      ...overrides,
    };
  };

  before(async () => {
    receiver = await new FakeWebhookReceiver({ secrets: [secret] }).start();
  });
  beforeEach(() => {
    receiver.secrets = [secret];
    receiver.replies.length = 0;
    receiver.respondWith(undefined);
  });
  after(async () => {
    await sender.close();
    await receiver.close();
  });

  it('signs so that standardwebhooks verifies, with the Standard Webhooks headers', async () => {
    const sent = message();
    const result = await sender.send(sent);
    assert.equal(result.outcome, 'delivered');
    assert.equal(result.status, 200);
    assert.ok(result.latencyMs >= 0);
    const got = receiver.requests.at(-1);
    assert.ok(got !== undefined);
    assert.equal(got.verified, true, got.verificationError);
    assert.equal(got.method, 'POST');
    assert.equal(got.path, '/hooks');
    assert.equal(got.body, sent.body);
    assert.deepEqual(got.json, JSON.parse(sent.body));
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.headers['webhook-id'], sent.id);
    assert.equal(got.headers['webhook-timestamp'], String(Math.floor(sent.timestamp.getTime() / 1000)));
    assert.match(String(got.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
    assert.equal(got.headers['user-agent'], 'mcp-registry-webhooks');
  });

  it('sends one signature per secret, newest first, each verifying alone (rotation)', async () => {
    receiver.secrets = [secret, previousSecret];
    await sender.send(message({ secrets: [secret, previousSecret] }));
    const got = receiver.requests.at(-1);
    assert.ok(got !== undefined);
    const signatures = String(got.headers['webhook-signature']).split(' ');
    assert.equal(signatures.length, 2);
    assert.deepEqual(got.verifiedWith, [secret, previousSecret]);

    receiver.secrets = [previousSecret];
    await sender.send(message({ secrets: [secret, previousSecret] }));
    assert.equal(receiver.requests.at(-1)?.verified, true, 'a receiver still on the old secret verifies');
  });

  it('is not verified by a secret it was not signed with', async () => {
    receiver.secrets = [newSecret()];
    await sender.send(message());
    assert.equal(receiver.requests.at(-1)?.verified, false);
  });

  it('judges requests that came before the receiver held a secret once it is given one', async () => {
    const late = await new FakeWebhookReceiver().start();
    try {
      await sender.send(message({ url: late.url }));
      assert.equal(late.requests[0].verified, false);
      late.secrets = [secret];
      assert.equal(late.requests[0].verified, true, late.requests[0].verificationError);
    } finally {
      await late.close();
    }
  });

  it('returns the handshake echo as the body', async () => {
    const body = JSON.stringify({
      type: 'registry.subscription.verification',
      timestamp: 'x',
      data: { challenge: 'c-42' },
    });
    const result = await sender.send(message({ body }));
    assert.equal(result.outcome, 'delivered');
    assert.deepEqual(JSON.parse(result.body ?? ''), { challenge: 'c-42' });
    assert.equal(result.responseSnippet, result.body);
  });

  const outcomes: Array<[number, string, RegExp | undefined]> = [
    [204, 'delivered', undefined],
    [400, 'failed', /^HTTP 400$/],
    [404, 'failed', /^HTTP 404$/],
    [500, 'failed', /^HTTP 500$/],
    [503, 'failed', /^HTTP 503$/],
    [410, 'gone', undefined],
  ];
  for (const [status, outcome, error] of outcomes) {
    it(`reports ${status} as ${outcome}`, async () => {
      receiver.replies.push({ status, body: status === 204 ? undefined : `answer ${status}` });
      const result = await sender.send(message());
      assert.equal(result.outcome, outcome);
      assert.equal(result.status, status);
      if (error === undefined) assert.equal(result.error, undefined);
      else assert.match(result.error ?? '', error);
      if (status !== 204) assert.equal(result.responseSnippet, `answer ${status}`);
    });
  }

  it('reports a redirect as failed with its location, without following it', async () => {
    receiver.replies.push({ status: 307, headers: { location: '/elsewhere' } });
    const before = receiver.requests.length;
    const result = await sender.send(message());
    assert.equal(result.outcome, 'failed');
    assert.equal(result.status, 307);
    assert.equal(result.error, `redirect to http://127.0.0.1:${receiver.port}/elsewhere (not followed)`);
    assert.equal(receiver.requests.length, before + 1);
  });

  it('reads Retry-After in seconds and as an HTTP-date relative to the attempt end', async () => {
    receiver.replies.push({ status: 429, headers: { 'retry-after': '30' } });
    assert.equal((await sender.send(message())).retryAfterMs, 30_000);
    receiver.replies.push({ status: 503, headers: { 'retry-after': 'Sat, 01 Mar 2025 12:02:00 GMT' } });
    assert.equal((await sender.send(message())).retryAfterMs, 120_000);
    receiver.replies.push({ status: 500 });
    assert.equal((await sender.send(message())).retryAfterMs, undefined);
  });

  it('cuts the snippet at 1 KB on a character boundary and keeps the whole body up to 64 KB', async () => {
    const answer = `${'a'.repeat(1023)}€${'b'.repeat(2000)}`;
    receiver.replies.push({ status: 500, body: answer });
    const result = await sender.send(message());
    assert.equal(result.responseSnippet, 'a'.repeat(1023));
    assert.equal(result.body, answer);
  });

  it('keeps no body over 64 KB, but still the snippet', async () => {
    receiver.replies.push({ status: 200, body: 'x'.repeat(200 * 1024) });
    const result = await sender.send(message());
    assert.equal(result.outcome, 'delivered');
    assert.equal(result.body, undefined);
    assert.equal(result.responseSnippet, 'x'.repeat(1024));
  });

  it('fails with a timeout when the receiver answers too late', async () => {
    const quick = new StandardWebhookSender({ allowPrivateAddresses: true, timeoutMs: 100 });
    receiver.replies.push({ delayMs: 1_000 });
    const result = await quick.send(message());
    await quick.close();
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error, 'timed out after 100 ms');
    assert.equal(result.status, undefined);
    assert.ok(result.latencyMs >= 90 && result.latencyMs < 900, `latency ${result.latencyMs}`);
  });

  it('fails when the receiver drops a fresh connection', async () => {
    const fresh = new StandardWebhookSender({ allowPrivateAddresses: true, timeoutMs: 2_000 });
    receiver.replies.push({ hangUp: true });
    const result = await fresh.send(message());
    await fresh.close();
    assert.equal(result.outcome, 'failed');
    assert.match(result.error ?? '', /socket hang up|ECONNRESET/);
  });

  it('sends once more on a new connection when a pooled one is dropped unanswered', async () => {
    await sender.send(message());
    receiver.replies.push({ hangUp: true });
    const before = receiver.requests.length;
    const sent = message();
    const result = await sender.send(sent);
    assert.equal(result.outcome, 'delivered');
    const tries = receiver.requests.slice(before);
    assert.deepEqual(
      tries.map((r) => r.headers['webhook-id']),
      [sent.id, sent.id],
    );
    assert.notEqual(tries[0].connection, tries[1].connection);
  });

  it('fails when nothing listens (connection refused)', async () => {
    const gone = await new FakeWebhookReceiver().start();
    const url = gone.url;
    await gone.close();
    const result = await sender.send(message({ url }));
    assert.equal(result.outcome, 'failed');
    assert.match(result.error ?? '', /ECONNREFUSED/);
  });

  it('reuses connections for successive deliveries (keep-alive)', async () => {
    const before = receiver.connections;
    const sends = 20;
    for (let i = 0; i < sends; i++) assert.equal((await sender.send(message())).outcome, 'delivered');
    const parallel = await Promise.all(Array.from({ length: sends }, () => sender.send(message())));
    assert.ok(parallel.every((r) => r.outcome === 'delivered'));
    const opened = receiver.connections - before;
    assert.ok(opened < sends, `${opened} connections for ${2 * sends} deliveries`);
    const lastSequential = receiver.requests.slice(-2 * sends, -sends);
    assert.equal(
      new Set(lastSequential.map((r) => r.connection)).size,
      1,
      'sequential deliveries share one socket',
    );
  });

  it('throws for a message without any secret (a caller bug, not endpoint behaviour)', async () => {
    await assert.rejects(sender.send(message({ secrets: [] })), /no signing secret/);
  });
});

describe('StandardWebhookSender in production mode (allowPrivateAddresses: false)', () => {
  let receiver: FakeWebhookReceiver;
  const production = new StandardWebhookSender({ allowPrivateAddresses: false, timeoutMs: 2_000 });
  const send = (url: string) =>
    production.send({ url, id: 'evt_p', body: '{}', secrets: [secret], timestamp: new Date() });

  before(async () => {
    receiver = await new FakeWebhookReceiver({ secrets: [secret] }).start();
  });
  after(async () => {
    await production.close();
    await receiver.close();
  });

  it('refuses http', async () => {
    const result = await send(`http://example.com/hooks`);
    assert.equal(result.outcome, 'refused');
    assert.match(result.error ?? '', /https/);
  });

  const refused: Array<[string, () => string, RegExp]> = [
    ['127.0.0.1', () => `https://127.0.0.1:${receiver.port}/hooks`, /loopback/],
    ['[::1]', () => `https://[::1]:${receiver.port}/hooks`, /loopback/],
    ['localhost', () => `https://localhost:${receiver.port}/hooks`, /localhost/],
    ['169.254.169.254', () => 'https://169.254.169.254/latest/meta-data', /link-local/],
    ['10.0.0.1', () => 'https://10.0.0.1/hooks', /private/],
  ];
  for (const [label, url, reason] of refused) {
    it(`refuses ${label} without connecting`, async () => {
      const connections = receiver.connections;
      const result = await send(url());
      assert.equal(result.outcome, 'refused');
      assert.match(result.error ?? '', reason);
      assert.equal(result.status, undefined);
      assert.equal(receiver.connections, connections);
      assert.equal(receiver.requests.length, 0);
    });
  }
});
