import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestApp, problemOf, send, startTestApp } from './http-kit-app';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('problem details (RFC 9457, huma ErrorModel) for every error', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ bodyLimit: 1024 });
  });
  after(async () => {
    await app.close();
  });

  it('sends a ProblemException as it is: status, title, detail and errors', async () => {
    const res = await send(app.baseUrl, 'GET', '/v0/things/conflict');
    assert.equal(res.status, 409);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(problemOf(res), {
      title: 'Conflict',
      status: 409,
      detail: 'Thing already exists',
      errors: [{ message: 'duplicate name', location: 'body.name', value: 'alpha' }],
    });
  });

  it('keeps the status and message of a Nest HTTP exception, titled with the reason phrase', async () => {
    const res = await send(app.baseUrl, 'GET', '/v0/things/missing');
    assert.equal(res.status, 404);
    assert.deepEqual(problemOf(res), { title: 'Not Found', status: 404, detail: 'Server not found' });
  });

  it('answers an unknown error with a generic 500 that leaks nothing', async () => {
    const res = await send(app.baseUrl, 'GET', '/v0/things/boom');
    assert.equal(res.status, 500);
    assert.deepEqual(problemOf(res), {
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred.',
    });
    assert.doesNotMatch(res.body, /hunter2|secret/);
  });

  const notFound: Array<[string, string, string]> = [
    ['GET', '/v0/nothing-here', 'Endpoint not found. See /docs for the API documentation.'],
    ['GET', '/v0.1/nothing-here', 'Endpoint not found. See /docs for the API documentation.'],
    [
      'GET',
      '/servers',
      "Endpoint not found. Did you mean '/v0.1/servers' or '/v0/servers'? See /docs for the API documentation.",
    ],
    // No route for the method is a 404 too: the official mux falls through to its catch-all.
    ['POST', '/v0/ping', 'Endpoint not found. See /docs for the API documentation.'],
  ];
  for (const [method, path, detail] of notFound) {
    it(`gives the official 404 for ${method} ${path}`, async () => {
      const res = await send(app.baseUrl, method, path);
      assert.equal(res.status, 404);
      assert.deepEqual(problemOf(res), { title: 'Not Found', status: 404, detail });
    });
  }

  it('turns class-validator failures into 422 "validation failed" with one error per constraint', async () => {
    const body = JSON.stringify({
      name: 'x',
      count: 0,
      packages: [{ identifier: 'ok' }, { identifier: '' }],
    });
    const res = await send(app.baseUrl, 'POST', '/v0/things', { headers: JSON_HEADERS, body });
    assert.equal(res.status, 422);
    assert.deepEqual(problemOf(res), {
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'validation failed',
      errors: [
        { message: 'name must be longer than or equal to 3 characters', location: 'body.name', value: 'x' },
        { message: 'count must not be less than 1', location: 'body.count', value: 0 },
        {
          message: 'identifier must be longer than or equal to 1 characters',
          location: 'body.packages[1].identifier',
          value: '',
        },
      ],
    });
  });

  it('names query parameters in the location of a query DTO failure', async () => {
    const res = await send(app.baseUrl, 'GET', '/v0/search?limit=0');
    assert.equal(res.status, 422);
    assert.deepEqual(problemOf(res).errors, [
      { message: 'limit must not be less than 1', location: 'query.limit', value: 0 },
    ]);
  });

  it('passes a valid DTO through, transformed', async () => {
    const body = JSON.stringify({ name: 'alpha', count: 2 });
    const res = await send(app.baseUrl, 'POST', '/v0/things', { headers: JSON_HEADERS, body });
    assert.equal(res.status, 201);
    assert.deepEqual(JSON.parse(res.body), { name: 'alpha', count: 2 });
  });

  it('answers malformed JSON with 400 "validation failed" located in the body, as huma', async () => {
    const res = await send(app.baseUrl, 'POST', '/v0/things', { headers: JSON_HEADERS, body: '{"name": ' });
    assert.equal(res.status, 400);
    const problem = problemOf(res);
    assert.equal(problem.title, 'Bad Request');
    assert.equal(problem.detail, 'validation failed');
    assert.deepEqual(problem.errors, [
      { message: "Body is not valid JSON but content-type is set to 'application/json'", location: 'body' },
    ]);
  });

  it('answers an empty JSON body with huma\'s "request body is required"', async () => {
    const res = await send(app.baseUrl, 'POST', '/v0/things', { headers: JSON_HEADERS, body: '' });
    assert.equal(res.status, 400);
    assert.deepEqual(problemOf(res), {
      title: 'Bad Request',
      status: 400,
      detail: 'request body is required',
    });
  });

  it("answers a body over the limit with huma's 413", async () => {
    const body = JSON.stringify({ name: 'a'.repeat(2048), count: 1 });
    const res = await send(app.baseUrl, 'POST', '/v0/things', { headers: JSON_HEADERS, body });
    assert.equal(res.status, 413);
    assert.deepEqual(problemOf(res), {
      title: 'Request Entity Too Large',
      status: 413,
      detail: 'request body is too large limit=1024 bytes',
    });
  });

  it('answers a media type nobody parses with 415', async () => {
    const headers = { 'content-type': 'application/xml' };
    const res = await send(app.baseUrl, 'POST', '/v0/things', { headers, body: '<thing/>' });
    assert.equal(res.status, 415);
    const problem = problemOf(res);
    assert.equal(problem.title, 'Unsupported Media Type');
    assert.equal(problem.detail, 'validation failed');
  });

  it('answers a malformed percent-encoding in a path parameter with a 400 problem', async () => {
    const res = await send(app.baseUrl, 'GET', '/v0/things/%E0%A4%A');
    assert.equal(res.status, 400);
    assert.equal(problemOf(res).title, 'Bad Request');
  });

  it("routes server names longer than Fastify's default parameter limit", async () => {
    const name = `io.github.example%2F${'a'.repeat(180)}`;
    const res = await send(app.baseUrl, 'GET', `/v0/things/${name}`);
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.body) as { name: string }).name, `io.github.example/${'a'.repeat(180)}`);
  });
});
