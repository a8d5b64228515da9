import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRegistryLog } from '@registry/http-kit';
import { RegistryLogger } from '@registry/registry-runtime';
import { FakeGitHubApi } from '@test/support/fakes/github';
import { FakeWebhookReceiver } from '@test/support/fakes/webhook-receiver';
import { NamespaceClaimsClient, TEST_EXTENSION } from '@test/support/namespace-claims-client';
import { serverJson } from '@test/support/registry-under-test';
import { RegistryProcess } from '@test/support/registry-process';
import { testConfig } from '@test/support/test-config';
import { createRegistryApp } from '../../apps/registry/src/registry-app';

const X = TEST_EXTENSION;
const alnum = (n: number) =>
  randomBytes(n)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, n);

interface Answer {
  status: number;
  requestId: string | null;
  json: Record<string, unknown>;
}

/** Every line the registry writes, as written: the test reads it all at trace level. */
class CapturedLog {
  readonly chunks: string[] = [];
  write(chunk: string): void {
    this.chunks.push(chunk);
  }
  get text(): string {
    return this.chunks.join('');
  }
  lines(): Array<Record<string, unknown>> {
    return this.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/**
 * Issue 11, item 4: one JSON line per request (id, method, route pattern, status, latency, and the
 * token's subject on writes), the id answered in X-Request-Id, and no secret in any line: the test
 * drives every flow that carries one (GitHub login, webhook subscription and rotation, a claim proven
 * with a GitHub token, a publisher key and its exchange, publishes, refused tokens, cookies) against
 * the all-in-one registry with its log captured at trace level, the most it ever says.
 */
describe('request logs: one JSON line per request, never a secret', () => {
  const github = new FakeGitHubApi();
  const receiver = new FakeWebhookReceiver();
  const log = new CapturedLog();
  const githubToken = `ghp_${alnum(36)}`;
  const rejectedGithubToken = `ghp_${alnum(36)}`;
  const cookie = `session-${alnum(24)}`;
  const forgedBearer = `forged.${alnum(20)}.token`;
  const secrets: Record<string, string> = { githubToken, rejectedGithubToken, cookie, forgedBearer };
  let app: NestFastifyApplication;
  let baseUrl: string;
  let cleanup: () => void;

  const call = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON (metrics): nothing to read.
    }
    return { status: res.status, requestId: res.headers.get('x-request-id'), json };
  };

  const lineOf = (requestId: string | null): Record<string, unknown> => {
    const lines = log.lines().filter((l) => l.reqId === requestId && l.msg === 'request');
    assert.equal(lines.length, 1, `one request line for ${requestId}:\n${log.text}`);
    return lines[0]!;
  };

  before(async () => {
    await github.start();
    github.tokens.set(githubToken, {
      login: 'olivia',
      scopes: ['read:org'],
      memberships: [{ org: 'acme', role: 'admin' }],
    });
    await receiver.start();
    const built = testConfig({
      MCP_REGISTRY_GITHUB_API_URL: github.url,
      MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
      MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: '0',
      MCP_REGISTRY_NAMESPACE_SWEEP_MS: '100',
      MCP_REGISTRY_NAMESPACE_FIRST_RETRY_MS: '100',
    });
    cleanup = built.cleanup;
    const logger = new RegistryLogger(
      createRegistryLog({ name: 'registry', level: 'trace', format: 'json', destination: log }),
    );
    app = await createRegistryApp(built.config, { logger });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });

  after(async () => {
    await app?.close();
    cleanup?.();
    await receiver.close();
    await github.close();
  });

  it('logs every flow that carries a secret without any of them', async () => {
    // A GitHub token exchanged for a registry token; a refused one (its failure is logged).
    const login = await call('POST', '/v0/auth/github-at', { body: { github_token: githubToken } });
    assert.equal(login.status, 200);
    const token = String(login.json.registry_token);
    secrets.registryToken = token;
    assert.equal(
      (await call('POST', '/v0.1/auth/github-at', { body: { github_token: rejectedGithubToken } })).status,
      401,
    );

    // A webhook subscription answers its secret; a rotation answers another.
    const subscribed = await call('POST', `${X}/subscriptions`, { token, body: { url: receiver.url } });
    assert.equal(subscribed.status, 201, JSON.stringify(subscribed.json));
    secrets.webhookSecret = String(subscribed.json.secret);
    assert.match(secrets.webhookSecret, /^whsec_/);
    receiver.secrets = [secrets.webhookSecret];
    const subscription = `${X}/subscriptions/${String(subscribed.json.id)}`;
    for (let i = 0; (await call('GET', subscription, { token })).json.status !== 'active'; i++) {
      assert.ok(i < 200, 'the subscription is confirmed by its endpoint');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rotated = await call('POST', `${subscription}/rotate-secret`, { token });
    assert.equal(rotated.status, 200, JSON.stringify(rotated.json));
    secrets.rotatedWebhookSecret = String(rotated.json.secret);

    // A claim proven with the GitHub token, a publisher key minted for it, exchanged, and used.
    const owner = new NamespaceClaimsClient(baseUrl, token);
    const claim = await owner.claim({ namespace: 'io.github.acme', method: 'github', githubToken });
    await owner.untilStatus(claim.id, 'verified');
    const key = await owner.mintKey(claim.id, 'ci');
    secrets.publisherKey = key.key;
    const exchanged = await call('POST', `${X}/auth/api-key`, { body: { key: key.key } });
    assert.equal(exchanged.status, 200);
    const keyToken = String(exchanged.json.registry_token);
    secrets.keyToken = keyToken;
    const published = await call('POST', '/v0.1/publish', {
      token: keyToken,
      body: serverJson('io.github.acme/weather', '1.0.0'),
    });
    assert.equal(published.status, 200, JSON.stringify(published.json));

    // Refused credentials, a cookie, and a secret where a client should never put one: the query.
    const forged = await call('POST', '/v0/publish', {
      token: forgedBearer,
      body: serverJson('io.github.acme/weather', '9.9.9'),
    });
    assert.equal(forged.status, 401);
    const unknownKey = `mcpr_${alnum(43)}`;
    secrets.unknownKey = unknownKey;
    assert.ok((await call('POST', `${X}/auth/api-key`, { body: { key: unknownKey } })).status >= 400);
    await call('GET', `/v0.1/servers?search=${githubToken}`, { headers: { cookie: `sid=${cookie}` } });

    const text = log.text;
    for (const [what, secret] of Object.entries(secrets)) {
      assert.ok(!text.includes(secret), `the ${what} reached the log:\n${text}`);
    }
    assert.ok(!/whsec_[A-Za-z0-9+/=]{8,}|mcpr_[A-Za-z0-9_-]{8,}|eyJ[\w-]+\.eyJ/.test(text), text);
    assert.ok(log.lines().length > 10, 'every line is JSON');
  });

  it('gives each request one line: id, method, route pattern, status, latency, and the subject of writes', async () => {
    const login = await call('POST', '/v0/auth/github-at', { body: { github_token: githubToken } });
    const token = String(login.json.registry_token);
    const read = await call(
      'GET',
      `/v0.1/servers/${encodeURIComponent('io.github.acme/weather')}/versions/latest`,
    );
    assert.equal(read.status, 200);
    const readLine = lineOf(read.requestId);
    assert.deepEqual(
      { ...readLine, time: undefined, pid: undefined, hostname: undefined, responseTime: undefined },
      {
        level: 'info',
        time: undefined,
        pid: undefined,
        hostname: undefined,
        name: 'registry',
        reqId: read.requestId,
        method: 'GET',
        route: '/v0.1/servers/:serverName/versions/:version',
        status: 200,
        responseTime: undefined,
        msg: 'request',
      },
    );
    assert.equal(typeof readLine.responseTime, 'number');
    assert.ok(!JSON.stringify(readLine).includes('weather'), 'names are data: the route is the pattern');

    const write = await call('POST', '/v0/publish', {
      token,
      body: serverJson('io.github.olivia/notes', '1.0.0'),
    });
    assert.equal(write.status, 200);
    assert.deepEqual(
      [lineOf(write.requestId).authMethod, lineOf(write.requestId).sub, lineOf(write.requestId).route],
      ['github-at', 'olivia', '/v0/publish'],
    );
    const refused = await call('POST', '/v0/publish', {
      token: 'not-a-token',
      body: serverJson('io.github.olivia/notes', '1.0.1'),
    });
    assert.equal(lineOf(refused.requestId).sub, undefined, 'an unverified token names nobody');
    assert.equal(lineOf(refused.requestId).status, 401);

    const missing = await call('GET', '/v0.1/no/such/route');
    assert.equal(lineOf(missing.requestId).route, null);
    assert.equal(lineOf(missing.requestId).status, 404);

    // Probes are logged at debug (captured here at trace), the rest at info.
    const probe = await call('GET', '/livez');
    assert.equal(lineOf(probe.requestId).level, 'debug');
  });

  it("keeps a caller's sane X-Request-Id and replaces anything else", async () => {
    const kept = await call('GET', '/v0/servers', { headers: { 'x-request-id': 'edge-7f3a.1' } });
    assert.equal(kept.requestId, 'edge-7f3a.1');
    assert.equal(lineOf('edge-7f3a.1').route, '/v0/servers');
    const replaced = await call('GET', '/v0/servers', { headers: { 'x-request-id': '<script>' } });
    assert.match(replaced.requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(!log.text.includes('<script>'));
  });

  it("routes Nest's Logger through the same log, with the context of each line", () => {
    const listening = log.lines().filter((l) => l.context !== undefined && l.name === 'registry');
    assert.ok(
      listening.some((l) => l.context === 'RegistryEngines' && l.level === 'info'),
      log.text,
    );
    assert.ok(
      log.lines().some((l) => l.context === 'AuthController' && l.level === 'warn'),
      'the refused GitHub login is logged (without its token)',
    );
  });
});

describe('a registry process logs JSON lines to stdout', () => {
  it('starts, serves and answers in JSON lines named after the app, at info', async () => {
    const { config, cleanup } = testConfig();
    const registry = await RegistryProcess.start({
      MCP_REGISTRY_DATA_DIR: config.dataDir,
      MCP_REGISTRY_ENABLE_ANONYMOUS_AUTH: 'true',
    });
    try {
      const login = await fetch(`${registry.baseUrl}/v0/auth/none`, { method: 'POST' });
      const { registry_token: token } = (await login.json()) as { registry_token: string };
      const res = await fetch(`${registry.baseUrl}/v0/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(serverJson('io.modelcontextprotocol.anonymous/logged', '1.0.0')),
      });
      await res.text();
      const id = res.headers.get('x-request-id');
      const deadline = Date.now() + 5_000;
      while (!registry.output().includes(`"reqId":"${id}"`) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const lines = registry
        .output()
        .split('\n')
        // Node's own warnings (`(node:123) Warning: ...`) are not the registry's to format.
        .filter((l) => l !== '' && !l.startsWith('(node:'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.ok(lines.every((l) => l.name === 'registry' && typeof l.time === 'number'));
      assert.ok(lines.some((l) => l.context === 'Registry' && /^listening on /.test(String(l.msg))));
      const line = lines.find((l) => l.reqId === id);
      assert.deepEqual([line?.route, line?.status, line?.sub], ['/v0/publish', 200, 'anonymous']);
      assert.ok(!registry.output().includes(token));
    } finally {
      await registry.stop();
      cleanup();
    }
  });
});
