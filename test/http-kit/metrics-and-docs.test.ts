import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { TestApp, send, startTestApp } from './http-kit-app';

/** onResponse runs when the response has been flushed, which can be a moment after the client has it. */
async function metricsText(app: TestApp, mustInclude: string): Promise<string> {
  let text = '';
  for (let attempt = 0; attempt < 20; attempt += 1) {
    text = (await send(app.baseUrl, 'GET', '/metrics')).body;
    if (text.includes(mustInclude)) return text;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return text;
}

describe('/metrics, the OpenAPI document and /docs', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.close();
  });

  it('counts requests by method, route pattern and status under the official metric names', async () => {
    await send(app.baseUrl, 'GET', '/v0/things/alpha');
    await send(app.baseUrl, 'GET', '/v0/things/beta');
    await send(app.baseUrl, 'GET', '/v0/things/missing');
    const series =
      'mcp_registry_http_requests_total{method="GET",path="/v0/things/{thingName}",status_code="200"} 2';
    const text = await metricsText(app, series);
    assert.ok(text.includes(series), text);
    assert.match(
      text,
      /mcp_registry_http_request_duration_bucket\{le="0.005",method="GET",path="\/v0\/things\/\{thingName\}",status_code="200"\} \d+/,
    );
    assert.match(
      text,
      /mcp_registry_http_request_duration_count\{method="GET",path="\/v0\/things\/\{thingName\}",status_code="200"\} 2/,
    );
    assert.ok(
      text.includes(
        'mcp_registry_http_requests_total{method="GET",path="/v0/things/missing",status_code="404"} 1',
      ),
    );
    assert.ok(
      text.includes(
        'mcp_registry_http_errors_total{method="GET",path="/v0/things/missing",status_code="404"} 1',
      ),
    );
    assert.ok(!text.includes('mcp_registry_http_errors_total{method="GET",path="/v0/things/{thingName}"'));
    assert.ok(text.includes('mcp_registry_service_up{service="mcp_registry",version="1.2.3"} 1'));
  });

  it('leaves health, ping, probes, metrics and docs out of the request metrics, as the official does', async () => {
    for (const path of ['/v0/health', '/v0.1/ping', '/readyz', '/metrics', '/docs', '/openapi.yaml']) {
      await send(app.baseUrl, 'GET', path);
    }
    await send(app.baseUrl, 'GET', '/v0/version');
    const text = await metricsText(app, 'path="/v0/version"');
    assert.ok(text.includes('path="/v0/version"'), 'version is an operation the official measures');
    for (const path of ['/v0/health', '/v0.1/ping', '/readyz', '/metrics', '/docs', '/openapi.yaml']) {
      assert.ok(!text.includes(`path="${path}"`), path);
    }
  });

  it('serves the metrics in the Prometheus text format', async () => {
    const res = await send(app.baseUrl, 'GET', '/metrics');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(res.body, /# TYPE mcp_registry_http_request_duration histogram/);
  });

  it('serves the OpenAPI document as YAML and JSON', async () => {
    const yaml = await send(app.baseUrl, 'GET', '/openapi.yaml');
    assert.equal(yaml.status, 200);
    assert.match(String(yaml.headers['content-type']), /^application\/openapi\+yaml/);
    const fromYaml = parse(yaml.body) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(fromYaml.openapi, '3.1.0');
    assert.ok(fromYaml.paths['/v0/servers']);

    const json = await send(app.baseUrl, 'GET', '/openapi.json');
    assert.equal(json.status, 200);
    assert.match(String(json.headers['content-type']), /^application\/openapi\+json/);
    assert.deepEqual(JSON.parse(json.body), fromYaml);
  });

  it('serves Swagger UI at /docs from the package, with its assets and our document', async () => {
    const page = await send(app.baseUrl, 'GET', '/docs');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /swagger-ui-bundle\.js/);
    assert.doesNotMatch(page.body, /https?:\/\/(unpkg|cdn)/);

    const bundle = await send(app.baseUrl, 'GET', '/docs/static/swagger-ui-bundle.js');
    assert.equal(bundle.status, 200);
    const initializer = await send(app.baseUrl, 'GET', '/docs/static/swagger-initializer.js');
    assert.equal(initializer.status, 200);
    const spec = await send(app.baseUrl, 'GET', '/docs/json');
    assert.equal(spec.status, 200);
    assert.equal((JSON.parse(spec.body) as { openapi: string }).openapi, '3.1.0');
  });

  it('exposes the metrics registry so other modules can add theirs', () => {
    assert.ok(app.http.metrics.getSingleMetric('mcp_registry_http_requests_total'));
  });
});
