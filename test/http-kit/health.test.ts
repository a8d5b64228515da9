import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { TestApp, problemOf, send, startTestApp } from './http-kit-app';

describe('HealthModule: official health, ping and version; liveness and readiness probes', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  afterEach(() => {
    app.store.mode = 'up';
  });
  after(async () => {
    await app.close();
  });

  const json = async (path: string): Promise<{ status: number; type: unknown; body: unknown }> => {
    const res = await send(app.baseUrl, 'GET', path);
    return { status: res.status, type: res.headers['content-type'], body: JSON.parse(res.body) };
  };

  for (const prefix of ['/v0', '/v0.1']) {
    it(`GET ${prefix}/health is {status: "ok", github_client_id}`, async () => {
      const res = await json(`${prefix}/health`);
      assert.equal(res.status, 200);
      assert.equal(res.type, 'application/json; charset=utf-8');
      assert.deepEqual(res.body, { status: 'ok', github_client_id: 'Iv1.test-client' });
    });

    it(`GET ${prefix}/ping is {pong: true}`, async () => {
      assert.deepEqual((await json(`${prefix}/ping`)).body, { pong: true });
    });

    it(`GET ${prefix}/version reports what configureHttpApp was given`, async () => {
      assert.deepEqual((await json(`${prefix}/version`)).body, {
        version: '1.2.3',
        git_commit: 'abc1234',
        build_time: '2025-10-14T12:00:00Z',
      });
    });
  }

  it('keeps /v0/health ok while a dependency is down: the official health is the process only', async () => {
    app.store.mode = 'down';
    assert.equal((await json('/v0/health')).status, 200);
  });

  it('GET /livez runs no dependency by default', async () => {
    app.store.mode = 'down';
    const res = await json('/livez');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', info: {}, error: {}, details: {} });
  });

  it('GET /readyz reports every indicator up', async () => {
    const res = await json('/readyz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      status: 'ok',
      info: { sqlite: { status: 'up' } },
      error: {},
      details: { sqlite: { status: 'up' } },
    });
  });

  it('GET /readyz is a 503 problem naming the indicator that is down', async () => {
    app.store.mode = 'down';
    const res = await send(app.baseUrl, 'GET', '/readyz');
    assert.equal(res.status, 503);
    assert.deepEqual(problemOf(res), {
      title: 'Service Unavailable',
      status: 503,
      detail: 'Service is not ready: sqlite down',
      errors: [
        {
          message: 'sqlite is down: database is locked',
          location: 'sqlite',
          value: { status: 'down', message: 'database is locked' },
        },
      ],
    });
  });

  it('counts an indicator that throws as down, not as a 500', async () => {
    app.store.mode = 'throw';
    const res = await send(app.baseUrl, 'GET', '/readyz');
    assert.equal(res.status, 503);
    assert.deepEqual(
      (problemOf(res).errors as Array<{ message: string }>)[0].message,
      'sqlite is down: disk I/O error',
    );
  });

  it('counts an indicator that does not answer in time as down', async () => {
    app.store.mode = 'hang';
    const res = await send(app.baseUrl, 'GET', '/readyz');
    assert.equal(res.status, 503);
    assert.deepEqual(
      (problemOf(res).errors as Array<{ message: string }>)[0].message,
      'sqlite is down: no answer within 100 ms',
    );
  });
});
