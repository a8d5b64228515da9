import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuthOptions, RegistryTokenService } from '@registry/auth';
import { TestRedis, startRedis } from '@test/support/engines/redis';
import { RegistryProcess } from '@test/support/registry-process';
import { TEST_JWT_KEY } from '@test/support/test-config';

const LIMIT = 5;
const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

/** Tokens the replicas accept (they share TEST_JWT_KEY), minted here without a login. */
function tokenService(): RegistryTokenService {
  const options: AuthOptions = {
    jwtPrivateKeyHex: TEST_JWT_KEY,
    enableAnonymousAuth: false,
    githubApiBaseUrl: 'https://api.github.com',
    githubOidcIssuer: 'https://token.actions.githubusercontent.com',
    githubOidcAudience: 'mcp-registry',
    oidc: {
      enabled: false,
      issuer: '',
      clientId: '',
      extraClaims: [],
      editPermissions: [],
      publishPermissions: [],
    },
    dnsResolvers: [],
    outboundAllowPrivate: false,
  };
  return new RegistryTokenService(options);
}

/**
 * Issue 11, item 5: two registry-api replicas with REDIS_URL count every client against one budget
 * (the counters live in Redis), reads per address and writes per token subject, as a load balancer
 * spreading one client's requests over the replicas would see it.
 */
describe('rate limits shared by registry-api replicas through Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-rate-limit-'));
  let redis: TestRedis;
  let apiA: RegistryProcess;
  let apiB: RegistryProcess;

  before(async () => {
    redis = await startRedis();
    const env = {
      MCP_REGISTRY_STORE: 'distributed',
      MCP_REGISTRY_EVENT_STORE: 'sqlite',
      MCP_REGISTRY_READ_MODEL: 'sqlite',
      MCP_REGISTRY_EVENT_BUS: 'log',
      MCP_REGISTRY_JOBS: 'bullmq',
      REDIS_URL: redis.url,
      // The counters' keys are per event topic: a shared REDIS_URL does not mix runs.
      MCP_REGISTRY_KAFKA_TOPIC: `rate-limit-test-${process.pid}-${Date.now()}`,
      MCP_REGISTRY_DATA_DIR: dataDir,
      MCP_REGISTRY_JWT_PRIVATE_KEY: TEST_JWT_KEY,
      MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'false',
      MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    };
    [apiA, apiB] = await Promise.all([
      RegistryProcess.start(env, 60_000, 'registry-api'),
      RegistryProcess.start(env, 60_000, 'registry-api'),
    ]);
  });

  after(async () => {
    await Promise.all([apiA, apiB].map((p) => p?.stop()));
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const logs = (): string => `api A:\n${apiA.output()}\napi B:\n${apiB.output()}`;

  async function send(
    api: RegistryProcess,
    method: string,
    path: string,
    token?: string,
  ): Promise<{ status: number; remaining: string | null; retryAfter: string | null }> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (token !== undefined) {
      headers.authorization = `Bearer ${token}`;
      headers['content-type'] = 'application/json';
      body = JSON.stringify({
        $schema: SCHEMA,
        name: 'io.github.alice/tool',
        version: '1.0.0',
        description: 'x',
      });
    }
    const res = await fetch(api.baseUrl + path, { method, headers, body });
    await res.text();
    return {
      status: res.status,
      remaining: res.headers.get('ratelimit-remaining'),
      retryAfter: res.headers.get('retry-after'),
    };
  }

  it('counts one address’s reads on either replica against one budget', async () => {
    const seen: Array<[string, number, string | null]> = [];
    for (const [i, api] of [apiA, apiB, apiA, apiB, apiA].entries()) {
      const res = await send(api, 'GET', '/v0.1/servers?limit=1');
      seen.push([api === apiA ? 'A' : 'B', res.status, res.remaining]);
      assert.equal(res.status, 200, logs());
      assert.equal(res.remaining, String(LIMIT - i - 1), JSON.stringify(seen));
    }
    for (const api of [apiB, apiA]) {
      const res = await send(api, 'GET', '/v0.1/servers?limit=1');
      assert.equal(res.status, 429, `${JSON.stringify(seen)}\n${logs()}`);
      assert.ok(Number(res.retryAfter) >= 1);
    }
    // Probes are not counted, on either replica.
    assert.equal((await send(apiA, 'GET', '/livez')).status, 200);
    assert.equal((await send(apiB, 'GET', '/v0/health')).status, 200);
  });

  it('counts one subject’s writes on either replica against one budget, another subject apart', async () => {
    const tokens = tokenService();
    const grant = (subject: string) =>
      tokens
        .sign({
          authMethod: 'github-at',
          authMethodSubject: subject,
          permissions: [{ action: 'publish', resource: `io.github.${subject}/*` }],
        })
        .then((t) => t.registry_token);
    const [alice, bob] = await Promise.all([grant('alice'), grant('bob')]);
    // /validate: a write by method that needs no projector to answer, so the test counts, not waits.
    for (const [i, api] of [apiB, apiA, apiB, apiA, apiB].entries()) {
      const res = await send(api, 'POST', '/v0.1/validate', alice);
      assert.equal(res.remaining, String(LIMIT - i - 1), logs());
    }
    assert.equal((await send(apiA, 'POST', '/v0.1/validate', alice)).status, 429);
    assert.equal((await send(apiB, 'POST', '/v0.1/validate', alice)).status, 429);
    const bobs = await send(apiA, 'POST', '/v0.1/validate', bob);
    assert.notEqual(bobs.status, 429);
    assert.equal(bobs.remaining, String(LIMIT - 1));
  });

  it('lets requests through, uncounted, while Redis does not answer', async (t) => {
    if (!redis.private) return t.skip('REDIS_URL names a shared Redis this test may not stop');
    await redis.stop();
    for (const api of [apiA, apiB, apiA, apiB, apiA, apiB, apiA]) {
      const started = Date.now();
      const res = await send(api, 'GET', '/v0.1/servers?limit=1');
      assert.equal(res.status, 200, logs());
      assert.equal(res.remaining, null, 'nothing true to say about a budget it cannot read');
      assert.ok(Date.now() - started < 2_000, 'a dead Redis costs at most its command timeout');
    }
  });
});
