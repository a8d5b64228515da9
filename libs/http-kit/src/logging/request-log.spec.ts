import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isProbeRoute } from '../http-app/probe-routes';
import { requestIdOf } from './request-log';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it("keeps a caller's sane X-Request-Id", () => {
    for (const id of [
      '0193a5f2-7c1e-7d2a-9f00-123456789abc',
      '01HZX3K4M5N6P7Q8R9S0T1V2W3',
      'Root=1-67891233-abcdef:x/y+z',
    ]) {
      assert.equal(requestIdOf({ headers: { 'x-request-id': id } }), id);
    }
  });

  it('makes a UUID when there is none, or when it is not a sane token', () => {
    for (const headers of [
      {},
      { 'x-request-id': '' },
      { 'x-request-id': 'two words' },
      { 'x-request-id': 'line\nbreak' },
      { 'x-request-id': '"quoted"' },
      { 'x-request-id': 'x'.repeat(129) },
      { 'x-request-id': ['a', 'b'] },
    ]) {
      assert.match(requestIdOf({ headers }), UUID, JSON.stringify(headers));
    }
  });
});

describe('probe routes', () => {
  it('are the probes, the scrape, and the official health and ping under any prefix', () => {
    for (const route of [
      '/livez',
      '/readyz',
      '/metrics',
      '/v0/health',
      '/v0.1/health',
      '/v0/ping',
      '/v0.1/ping',
    ]) {
      assert.equal(isProbeRoute(route), true, route);
    }
    for (const route of [
      '/v0/servers',
      '/v0/version',
      '/docs',
      '/openapi.yaml',
      '/v0.1/servers/:serverName/versions/:version',
    ]) {
      assert.equal(isProbeRoute(route), false, route);
    }
  });
});
