import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthTestApp, T0, TestClock, startAuthApp, tokenPayload } from './auth-test-app';

describe('POST auth/none', () => {
  describe('with anonymous auth enabled', () => {
    let app: AuthTestApp;
    before(async () => (app = await startAuthApp(new TestClock(), { enableAnonymousAuth: true })));
    after(() => app.close());

    for (const prefix of ['/v0', '/v0.1']) {
      it(`issues an anonymous token at ${prefix}/auth/none`, async () => {
        const reply = await app.post(`${prefix}/auth/none`);
        assert.equal(reply.status, 200);
        assert.deepEqual(Object.keys(reply.body).sort(), ['expires_at', 'registry_token']);
        assert.equal(reply.body['expires_at'], T0.getTime() / 1000 + 300);
        const payload = tokenPayload(reply.body['registry_token']);
        assert.equal(payload['auth_method'], 'none');
        assert.equal(payload['auth_method_sub'], 'anonymous');
        assert.deepEqual(payload['permissions'], [
          { action: 'publish', resource: 'io.modelcontextprotocol.anonymous/*' },
          { action: 'edit', resource: 'io.modelcontextprotocol.anonymous/*' },
        ]);
      });
    }

    it('issues a token the guard accepts', async () => {
      const token = (await app.post('/v0/auth/none')).body['registry_token'] as string;
      const reply = await app.get('/test/claims', { authorization: `Bearer ${token}` });
      assert.equal(reply.status, 200);
      assert.equal(reply.body['authMethod'], 'none');
      assert.deepEqual(reply.body['publishable'], ['io.modelcontextprotocol.anonymous/*']);
    });
  });

  describe('with anonymous auth disabled', () => {
    let app: AuthTestApp;
    before(async () => (app = await startAuthApp(new TestClock())));
    after(() => app.close());

    it('answers 404 like an unregistered route', async () => {
      const reply = await app.post('/v0/auth/none');
      assert.equal(reply.status, 404);
      assert.match(reply.contentType ?? '', /^application\/problem\+json/);
      assert.deepEqual(reply.body, {
        title: 'Not Found',
        status: 404,
        detail: 'Endpoint not found. See /docs for the API documentation.',
      });
    });
  });
});
