export { statusTitle } from './problem/status-title';
export {
  PROBLEM_CONTENT_TYPE,
  ProblemDetails,
  ProblemErrorDetail,
  ProblemException,
  ProblemInit,
  problemDetails,
} from './problem/problem-details';
export { ProblemDetailsFilter, sendProblem } from './problem/problem-details.filter';
export { INTERNAL_ERROR_DETAIL, endpointNotFoundDetail, mapToProblem } from './problem/problem-mapping';
export {
  ParameterLocation,
  ProblemValidationPipe,
  VALIDATION_FAILED,
  validationErrorDetails,
  validationProblem,
} from './problem/problem-validation.pipe';
export { HttpApp, HttpAppOptions, configureHttpApp } from './http-app/configure-http-app';
export { MAX_PARAM_LENGTH, registryFastifyOptions } from './http-app/registry-fastify-options';
export { HTTP_METRIC_NAMES, HttpMetrics, REQUEST_DURATION_BUCKETS, routeLabel } from './metrics/http-metrics';
export {
  DEFAULT_OPENAPI_PATH,
  OpenApiDocument,
  findRepoRoot,
  loadOpenApiDocument,
} from './openapi/openapi-document';
export { OPENAPI_JSON_TYPE, OPENAPI_YAML_TYPE } from './openapi/api-docs';
export { HEALTH_INDICATORS, LIVENESS_INDICATORS, RegistryHealthIndicator } from './health/health-indicator';
export { BuildInfo } from './health/build-info';
export { HealthIndicatorEntry, HealthModule, HealthModuleOptions } from './health/health.module';
export { HealthBody, PingBody, VersionBody } from './health/registry-health.controller';
export {
  RegistryLog,
  RegistryLogLevel,
  RegistryLogOptions,
  createRegistryLog,
  silentRegistryLog,
} from './logging/registry-log';
export { NestLog } from './logging/nest-log';
export { REDACTED_PATHS, scrubSecrets } from './logging/secret-scrubbing';
export { CallerLookup, READ_METHODS, RequestCaller, requestCallerOf } from './logging/request-caller';
export { REQUEST_ID_HEADER, requestIdOf } from './logging/request-log';
export { RequestLine, RequestLineSink } from './logging/request-line';
export { isProbeRoute } from './http-app/probe-routes';
export { RequestRateLimitOptions, rateLimitKeyOf } from './rate-limit/request-rate-limit';
