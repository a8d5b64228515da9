import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthTestApp, TestClock, startAuthApp } from './auth-test-app';

describe('RegistryTokenGuard over HTTP', () => {
  const clock = new TestClock();
  let app: AuthTestApp;
  let token: string;
  before(async () => {
    app = await startAuthApp(clock, { enableAnonymousAuth: true });
    token = (await app.post('/v0/auth/none')).body['registry_token'] as string;
  });
  after(() => app.close());

  it('admits a valid token and exposes its claims', async () => {
    const reply = await app.get('/test/claims', { authorization: `Bearer ${token}` });
    assert.equal(reply.status, 200);
    assert.equal(reply.body['authMethodSubject'], 'anonymous');
    assert.equal(reply.body['canPublishUserServer'], false);
  });

  it('accepts the scheme in any case', async () => {
    assert.equal((await app.get('/test/claims', { authorization: `bEaReR ${token}` })).status, 200);
  });

  const refusals: Array<[string, Record<string, string>, number, Record<string, unknown>]> = [
    [
      'a missing header (a required header parameter officially)',
      {},
      422,
      {
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'validation failed',
        errors: [
          { message: 'required header parameter is missing', location: 'header.Authorization', value: '' },
        ],
      },
    ],
    [
      'another scheme',
      { authorization: 'Token abc' },
      401,
      {
        title: 'Unauthorized',
        status: 401,
        detail: "Invalid Authorization header format. Expected 'Bearer <token>'",
      },
    ],
    [
      'a malformed token',
      { authorization: 'Bearer not.a.valid.token' },
      401,
      {
        title: 'Unauthorized',
        status: 401,
        detail: 'Invalid or expired Registry JWT token',
        errors: [
          {
            message:
              'failed to parse token: token is malformed: token contains an invalid number of segments',
          },
        ],
      },
    ],
  ];
  for (const [name, headers, status, body] of refusals) {
    it(`refuses ${name}`, async () => {
      const reply = await app.get('/test/claims', headers);
      assert.equal(reply.status, status);
      assert.deepEqual(reply.body, body);
    });
  }

  it('refuses the token once its five minutes are over', async () => {
    clock.advance(5 * 60 * 1000);
    try {
      const reply = await app.get('/test/claims', { authorization: `Bearer ${token}` });
      assert.equal(reply.status, 401);
      assert.deepEqual(reply.body['errors'], [
        { message: 'failed to parse token: token has invalid claims: token is expired' },
      ]);
    } finally {
      clock.advance(-5 * 60 * 1000);
    }
  });
});
