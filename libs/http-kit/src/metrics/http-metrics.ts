import type {
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  RouteOptions,
  onResponseHookHandler,
} from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The official registry's request metrics, as its OpenTelemetry Prometheus exporter names them
 * (internal/telemetry: `mcp_registry.http.requests`, `.http.request.duration`, `.http.errors`,
 * `.service.up`), with its labels (`method`, `path` as the route pattern, `status_code`) and buckets.
 */
export const HTTP_METRIC_NAMES = {
  requests: 'mcp_registry_http_requests_total',
  duration: 'mcp_registry_http_request_duration',
  errors: 'mcp_registry_http_errors_total',
  up: 'mcp_registry_service_up',
} as const;

/** Seconds; the official histogram's explicit bucket boundaries. */
export const REQUEST_DURATION_BUCKETS: readonly number[] = [0.005, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 50];

type RequestLabel = 'method' | 'path' | 'status_code';

interface Series {
  requests: Counter.Internal;
  duration: Histogram.Internal<RequestLabel>;
  errors: Counter.Internal | undefined;
}

const RECORDER = Symbol('http-kit.request-recorder');

export interface HttpMetricsOptions {
  /** Reported on the `mcp_registry_service_up` gauge. */
  version: string;
  /** Where the metrics live; a fresh registry by default, so two apps in one process do not collide. */
  registry?: Registry;
  /** Node's process and event-loop metrics (the official exposes Go's); default true. */
  defaultMetrics?: boolean;
}

/**
 * Request counters and latency by route pattern. Each route gets its own onResponse hook when it is
 * registered (Fastify's onRoute), holding its label and its cached label children, so a request costs
 * two Map lookups and three increments: no route lookup, no label hashing, no allocation.
 */
export class HttpMetrics {
  readonly registry: Registry;
  private readonly requests: Counter<RequestLabel>;
  private readonly duration: Histogram<RequestLabel>;
  private readonly errors: Counter<RequestLabel>;

  constructor(options: HttpMetricsOptions) {
    this.registry = options.registry ?? new Registry();
    const registers = [this.registry];
    const labelNames: RequestLabel[] = ['method', 'path', 'status_code'];
    this.requests = new Counter({
      name: HTTP_METRIC_NAMES.requests,
      help: 'Total number of HTTP requests',
      labelNames,
      registers,
    });
    this.duration = new Histogram({
      name: HTTP_METRIC_NAMES.duration,
      help: 'Duration of HTTP requests in seconds',
      labelNames,
      buckets: [...REQUEST_DURATION_BUCKETS],
      registers,
    });
    this.errors = new Counter({
      name: HTTP_METRIC_NAMES.errors,
      help: 'Total number of HTTP errors',
      labelNames,
      registers,
    });
    const up = new Gauge({
      name: HTTP_METRIC_NAMES.up,
      help: 'Service health status (1 for up, 0 for down)',
      labelNames: ['service', 'version'],
      registers,
    });
    up.set({ service: 'mcp_registry', version: options.version }, 1);
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** Fastify onRoute hook: gives each measured route its recorder. */
  readonly instrumentRoute = (route: RouteOptions): void => {
    if (isUnmeasuredRoute(route.url)) return;
    const existing =
      route.onResponse === undefined ? [] : ([] as onResponseHookHandler[]).concat(route.onResponse);
    if (existing.some((hook) => RECORDER in hook)) return;
    route.onResponse = [...existing, this.recorderFor(routeLabel(route.url))];
  };

  private recorderFor(path: string): onResponseHookHandler {
    const byMethod = new Map<string, Map<number, Series>>();
    const record = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
      const method = request.method;
      const status = reply.statusCode;
      let byStatus = byMethod.get(method);
      if (byStatus === undefined) {
        byStatus = new Map();
        byMethod.set(method, byStatus);
      }
      let series = byStatus.get(status);
      if (series === undefined) {
        series = this.series(method, path, status);
        byStatus.set(status, series);
      }
      series.requests.inc();
      series.duration.observe(reply.elapsedTime / 1000);
      series.errors?.inc();
      done();
    };
    return Object.assign(record, { [RECORDER]: true });
  }

  private series(method: string, path: string, status: number): Series {
    const code = String(status);
    return {
      requests: this.requests.labels(method, path, code),
      duration: this.duration.labels(method, path, code),
      errors: status >= 400 ? this.errors.labels(method, path, code) : undefined,
    };
  }
}

/** The route pattern in the official label's OpenAPI style: `/v0/servers/:serverName` -> `/v0/servers/{serverName}`. */
export function routeLabel(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}');
}

/**
 * Routes the official middleware skips (last segment health, metrics, ping or docs), plus the ones it
 * never sees because huma does not serve them as operations: probes, the OpenAPI document, the docs UI.
 */
export function isUnmeasuredRoute(url: string): boolean {
  if (url === '/livez' || url === '/readyz' || url.startsWith('/openapi.') || url.startsWith('/docs'))
    return true;
  const last = url.slice(url.lastIndexOf('/'));
  return last === '/health' || last === '/metrics' || last === '/ping' || last === '/docs';
}
