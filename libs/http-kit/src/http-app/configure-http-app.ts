import { ValidationPipeOptions } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { requestEdgeHook } from '../edge/request-edge.hook';
import { recordBuildInfo } from '../health/build-info';
import { CallerLookup, identifyCallers } from '../logging/request-caller';
import { answerRequestIds, logRequests } from '../logging/request-log';
import { RequestLineSink } from '../logging/request-line';
import { HttpMetrics } from '../metrics/http-metrics';
import { serveApiDocs } from '../openapi/api-docs';
import { DEFAULT_OPENAPI_PATH, OpenApiDocument, loadOpenApiDocument } from '../openapi/openapi-document';
import { ProblemDetailsFilter } from '../problem/problem-details.filter';
import { ProblemValidationPipe } from '../problem/problem-validation.pipe';
import { RequestRateLimitOptions, limitRequestRates } from '../rate-limit/request-rate-limit';

export interface HttpAppOptions {
  /** Reported by /v0/version and the `mcp_registry_service_up` gauge. */
  version: string;
  /** Default "unknown", as the official build. */
  gitCommit?: string;
  /** Default "unknown", as the official build. */
  buildTime?: string;
  /** The OpenAPI document, absolute or relative to the repository root; default docs/openapi.yaml. */
  openApiPath?: string;
  /** Where request metrics go; a fresh registry by default. Other modules may add their metrics to it. */
  metricsRegistry?: Registry;
  /** Node's default process metrics on /metrics; default true. */
  defaultMetrics?: boolean;
  /** Options of the global ProblemValidationPipe, or false to install none. */
  validation?: ValidationPipeOptions | false;
  /** Where one line per request goes; no request lines when absent. */
  requestLog?: RequestLineSink;
  /** Names the verified caller of each write from its Authorization header, for its line and its limit. */
  callers?: CallerLookup;
  /** Requests per client and minute; no limits when absent. */
  rateLimit?: RequestRateLimitOptions;
}

export interface HttpApp {
  readonly metrics: Registry;
  readonly openApi: OpenApiDocument;
}

/**
 * Everything every registry app puts around its controllers. Call it after `NestFactory.create` and
 * before `app.init()` / `app.listen()`: the request metrics attach to routes as they are registered.
 * Do not also call `app.enableCors()`: CORS is part of the edge hook.
 */
export async function configureHttpApp(
  app: NestFastifyApplication,
  options: HttpAppOptions,
): Promise<HttpApp> {
  if (Reflect.get(app, 'isInitialized') === true) {
    throw new Error('configureHttpApp must run before app.init() or app.listen()');
  }
  const openApi = loadOpenApiDocument(options.openApiPath ?? DEFAULT_OPENAPI_PATH);
  app.useGlobalFilters(new ProblemDetailsFilter());
  if (options.validation !== false) app.useGlobalPipes(new ProblemValidationPipe(options.validation ?? {}));

  // @nestjs/platform-fastify pins its own fastify (5.11.3) beside the root's (5.12.8): same runtime API,
  // two copies of the types. This library is typed against the root copy.
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const metrics = new HttpMetrics({
    version: options.version,
    registry: options.metricsRegistry,
    defaultMetrics: options.defaultMetrics,
  });
  recordBuildInfo(fastify, {
    version: options.version,
    gitCommit: options.gitCommit ?? 'unknown',
    buildTime: options.buildTime ?? 'unknown',
  });
  fastify.addHook('onRoute', metrics.instrumentRoute);
  // onRequest order: the id first (every answer carries it), the edge, then who is calling, then limits.
  answerRequestIds(fastify);
  if (options.requestLog !== undefined) logRequests(fastify, options.requestLog);
  fastify.addHook('onRequest', requestEdgeHook);
  const logsCallers = options.requestLog?.enabled('info') === true;
  if (options.callers !== undefined && (logsCallers || options.rateLimit !== undefined)) {
    identifyCallers(fastify, options.callers);
  }
  if (options.rateLimit !== undefined) await limitRequestRates(fastify, options.rateLimit);
  fastify.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  await serveApiDocs(fastify, openApi);
  return { metrics: metrics.registry, openApi };
}
