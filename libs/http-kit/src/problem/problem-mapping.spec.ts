import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BadRequestException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  ValidationError,
} from '@nestjs/common';
import { ProblemException, problemDetails } from './problem-details';
import { INTERNAL_ERROR_DETAIL, endpointNotFoundDetail, mapToProblem, pathOf } from './problem-mapping';
import { validationErrorDetails } from './problem-validation.pipe';
import { statusTitle } from './status-title';

const routed = { raw: { url: '/v0/servers/x' }, is404: false };

describe('statusTitle', () => {
  it("uses Go's reason phrases where Node's differ", () => {
    assert.equal(statusTitle(413), 'Request Entity Too Large');
    assert.equal(statusTitle(414), 'Request URI Too Long');
    assert.equal(statusTitle(422), 'Unprocessable Entity');
    assert.equal(statusTitle(503), 'Service Unavailable');
    assert.equal(statusTitle(599), 'Error');
  });
});

describe('problemDetails / ProblemException', () => {
  it('orders members as huma and drops empty errors and empty locations', () => {
    const problem = problemDetails({ status: 400, detail: 'x', errors: [] });
    assert.deepEqual(Object.keys(problem), ['title', 'status', 'detail']);
    const withErrors = problemDetails({ status: 400, detail: 'x', errors: [{ message: 'm', location: '' }] });
    assert.deepEqual(withErrors.errors, [{ message: 'm' }]);
  });

  it('takes a status and detail, or a whole init', () => {
    const short = new ProblemException(404, 'Server not found');
    assert.deepEqual(short.problem, { title: 'Not Found', status: 404, detail: 'Server not found' });
    assert.equal(short.getStatus(), 404);
    assert.equal(short.message, 'Server not found');
    const full = new ProblemException({ status: 400, title: 'Nope', detail: 'd', cause: new Error('c') });
    assert.equal(full.problem.title, 'Nope');
    assert.ok(full.cause instanceof Error);
  });
});

describe('mapToProblem', () => {
  it('maps Nest HTTP exceptions to their status and message', () => {
    assert.deepEqual(mapToProblem(new NotFoundException('Server not found'), routed), {
      problem: { title: 'Not Found', status: 404, detail: 'Server not found' },
    });
    assert.deepEqual(mapToProblem(new HttpException('plain', 418), routed).problem, {
      title: "I'm a teapot",
      status: 418,
      detail: 'plain',
    });
  });

  it('turns the stock ValidationPipe 400 into a 422', () => {
    const error = new BadRequestException(['name must be a string', 'count must be an integer']);
    assert.deepEqual(mapToProblem(error, routed).problem, {
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'validation failed',
      errors: [
        { message: 'name must be a string', location: 'body' },
        { message: 'count must be an integer', location: 'body' },
      ],
    });
  });

  it('gives the official detail to a 404 of the router, not to one a controller throws', () => {
    const unrouted = (url: string) => ({ raw: { url }, is404: true });
    assert.equal(
      mapToProblem(new NotFoundException('Cannot GET /servers'), unrouted('/servers?x=1')).problem.detail,
      "Endpoint not found. Did you mean '/v0.1/servers' or '/v0/servers'? See /docs for the API documentation.",
    );
    assert.equal(
      endpointNotFoundDetail('/v0.1/x'),
      'Endpoint not found. See /docs for the API documentation.',
    );
  });

  it('recognises the Fastify errors Nest rethrows as bare HttpExceptions', () => {
    const bodyLimit = { raw: { url: '/v0/publish' }, routeOptions: { bodyLimit: 1048576 } };
    assert.deepEqual(mapToProblem(new HttpException('Request body is too large', 413), bodyLimit).problem, {
      title: 'Request Entity Too Large',
      status: 413,
      detail: 'request body is too large limit=1048576 bytes',
    });
    const empty = new HttpException(
      "Body cannot be empty when content-type is set to 'application/json'",
      400,
    );
    assert.equal(mapToProblem(empty, routed).problem.detail, 'request body is required');
  });

  it('maps Fastify errors by code when they arrive unwrapped', () => {
    const error = Object.assign(
      new Error("Body is not valid JSON but content-type is set to 'application/json'"),
      {
        code: 'FST_ERR_CTP_INVALID_JSON_BODY',
        statusCode: 400,
      },
    );
    assert.deepEqual(mapToProblem(error, routed).problem, {
      title: 'Bad Request',
      status: 400,
      detail: 'validation failed',
      errors: [{ message: error.message, location: 'body' }],
    });
    const other = Object.assign(new Error('Request body size did not match Content-Length'), {
      statusCode: 400,
    });
    assert.equal(
      mapToProblem(other, routed).problem.detail,
      'Request body size did not match Content-Length',
    );
  });

  it('hides unknown errors behind a generic 500 and marks them for the log', () => {
    const secret = new Error('connection string postgres://user:pw@db');
    const mapped = mapToProblem(secret, routed);
    assert.deepEqual(mapped.problem, {
      title: 'Internal Server Error',
      status: 500,
      detail: INTERNAL_ERROR_DETAIL,
    });
    assert.equal(mapped.serverFault, secret);
    assert.equal(mapToProblem('a string', routed).problem.status, 500);
  });

  it('keeps a deliberate 5xx message and still marks it for the log', () => {
    const mapped = mapToProblem(new InternalServerErrorException('Failed to publish server'), routed);
    assert.equal(mapped.problem.detail, 'Failed to publish server');
    assert.ok(mapped.serverFault);
  });

  it('decodes the path the way Go reports r.URL.Path', () => {
    assert.equal(pathOf('/a%2Fb?x=1'), '/a/b');
    assert.equal(pathOf('/bad%zz'), '/bad%zz');
  });
});

describe('validationErrorDetails', () => {
  const error = (property: string, extra: Partial<ValidationError>): ValidationError => ({
    property,
    ...extra,
  });

  it('flattens nested errors into huma locations, one detail per constraint', () => {
    const errors = [
      error('name', {
        value: '',
        constraints: { isNotEmpty: 'name should not be empty', minLength: 'too short' },
      }),
      error('packages', {
        children: [
          error('0', {
            children: [error('version', { value: 'latest', constraints: { not: 'no latest' } })],
          }),
        ],
      }),
      error('remotes', { value: 3 }),
    ];
    assert.deepEqual(
      validationErrorDetails(errors),
      [
        { message: 'name should not be empty', location: 'body.name', value: '' },
        { message: 'too short', location: 'body.name', value: '' },
        { message: 'no latest', location: 'body.packages[0].version', value: 'latest' },
        { message: 'invalid value', location: 'body.remotes', value: undefined },
      ].map((d) => (d.value === undefined ? { message: d.message, location: d.location } : d)),
    );
  });

  it('names the argument itself when the whole value was wrong', () => {
    const details = validationErrorDetails(
      [error('query', { constraints: { isObject: 'object expected' } })],
      'query',
    );
    assert.deepEqual(details, [{ message: 'object expected', location: 'query' }]);
  });
});
