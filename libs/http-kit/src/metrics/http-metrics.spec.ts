import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { HttpMetrics, isUnmeasuredRoute, routeLabel } from './http-metrics';

describe('routeLabel', () => {
  it('writes route parameters in the OpenAPI style of the official path label', () => {
    assert.equal(
      routeLabel('/v0/servers/:serverName/versions/:version'),
      '/v0/servers/{serverName}/versions/{version}',
    );
    assert.equal(routeLabel('/v0/servers'), '/v0/servers');
    assert.equal(routeLabel('/files/:name(^\\d+)'), '/files/{name}');
  });
});

describe('isUnmeasuredRoute', () => {
  const cases: Array<[string, boolean]> = [
    ['/v0/servers', false],
    ['/v0/version', false],
    ['/v0/health', true],
    ['/v0.1/ping', true],
    ['/metrics', true],
    ['/docs', true],
    ['/docs/static/*', true],
    ['/openapi.yaml', true],
    ['/livez', true],
    ['/readyz', true],
  ];
  for (const [url, skipped] of cases) {
    it(`${url} ${skipped ? 'is skipped' : 'is measured'}`, () =>
      assert.equal(isUnmeasuredRoute(url), skipped));
  }
});

describe('HttpMetrics', () => {
  it('gives a route one recorder however often Fastify shows it the route, and counts by status', async () => {
    const metrics = new HttpMetrics({ version: 'test', defaultMetrics: false });
    const route = { url: '/v0/servers/:serverName', method: 'GET' } as RouteOptions;
    metrics.instrumentRoute(route);
    metrics.instrumentRoute(route);
    const hooks = [route.onResponse].flat();
    assert.equal(hooks.length, 1);
    const record = hooks[0] as unknown as (
      req: FastifyRequest,
      reply: FastifyReply,
      done: () => void,
    ) => void;
    const request = { method: 'GET' } as FastifyRequest;
    for (const statusCode of [200, 200, 404]) {
      record(request, { statusCode, elapsedTime: 3 } as FastifyReply, () => undefined);
    }
    const text = await metrics.registry.metrics();
    assert.ok(
      text.includes(
        'mcp_registry_http_requests_total{method="GET",path="/v0/servers/{serverName}",status_code="200"} 2',
      ),
    );
    assert.ok(
      text.includes(
        'mcp_registry_http_errors_total{method="GET",path="/v0/servers/{serverName}",status_code="404"} 1',
      ),
    );
    assert.ok(
      text.includes(
        'mcp_registry_http_request_duration_bucket{le="0.005",method="GET",path="/v0/servers/{serverName}",status_code="200"} 2',
      ),
    );
  });

  it('leaves skipped routes alone', () => {
    const metrics = new HttpMetrics({ version: 'test', defaultMetrics: false });
    const route = { url: '/v0/health', method: 'GET' } as RouteOptions;
    metrics.instrumentRoute(route);
    assert.equal(route.onResponse, undefined);
  });
});
