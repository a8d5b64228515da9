import { HttpException } from '@nestjs/common';
import { ProblemDetails, ProblemErrorDetail, ProblemException, problemDetails } from './problem-details';
import { VALIDATION_FAILED } from './problem-validation.pipe';

/** What the filter needs of a request: its raw URL and whether the router matched no route. */
export interface ProblemRequest {
  readonly raw: { readonly url?: string };
  readonly is404?: boolean;
  readonly routeOptions?: { readonly bodyLimit?: number };
}

export interface MappedProblem {
  problem: ProblemDetails;
  /** Set when the failure is ours, not the client's: the filter logs it. */
  serverFault?: unknown;
}

/** Sent for failures whose message could leak internals. */
export const INTERNAL_ERROR_DETAIL = 'An unexpected error occurred.';

/** The official registry's 404 for a path no route serves (its router's catch-all). */
export function endpointNotFoundDetail(path: string): string {
  if (path.startsWith('/v0/') || path.startsWith('/v0.1/')) {
    return 'Endpoint not found. See /docs for the API documentation.';
  }
  return `Endpoint not found. Did you mean '/v0.1${path}' or '/v0${path}'? See /docs for the API documentation.`;
}

/** Maps anything thrown while serving a request to the problem the client gets. */
export function mapToProblem(exception: unknown, request: ProblemRequest | undefined): MappedProblem {
  if (exception instanceof ProblemException) {
    return exception.problem.status >= 500
      ? { problem: exception.problem, serverFault: exception }
      : { problem: exception.problem };
  }
  if (exception instanceof HttpException) return fromHttpException(exception, request);
  const framework = fromFrameworkError(exception, request);
  if (framework !== undefined) return framework;
  return { problem: problemDetails({ status: 500, detail: INTERNAL_ERROR_DETAIL }), serverFault: exception };
}

/**
 * Nest rethrows Fastify's own errors as a bare `HttpException(err.message, err.statusCode)`, dropping the
 * error code; these messages are Fastify's constants, so they name the code back.
 */
const FASTIFY_ERROR_CODES: ReadonlyArray<[string, string]> = [
  ["Body is not valid JSON but content-type is set to 'application/json'", 'FST_ERR_CTP_INVALID_JSON_BODY'],
  ["Body cannot be empty when content-type is set to 'application/json'", 'FST_ERR_CTP_EMPTY_JSON_BODY'],
  ['Request body is too large', 'FST_ERR_CTP_BODY_TOO_LARGE'],
  ['Unsupported Media Type', 'FST_ERR_CTP_INVALID_MEDIA_TYPE'],
];

function fastifyCodeOf(exception: HttpException): string | undefined {
  const body = exception.getResponse();
  if (exception.constructor !== HttpException || typeof body !== 'string') return undefined;
  return FASTIFY_ERROR_CODES.find(([message]) => body.startsWith(message))?.[1];
}

function fromHttpException(exception: HttpException, request: ProblemRequest | undefined): MappedProblem {
  const code = fastifyCodeOf(exception);
  if (code !== undefined) {
    const mapped = fromFastifyCode(code, exception.message, request);
    if (mapped !== undefined) return mapped;
  }
  const status = exception.getStatus();
  if (status === 404 && request?.is404 === true) {
    return { problem: problemDetails({ status, detail: endpointNotFoundDetail(pathOf(request.raw.url)) }) };
  }
  const body = exception.getResponse();
  let detail = exception.message;
  let title: string | undefined;
  let errors: ProblemErrorDetail[] | undefined;
  if (typeof body === 'string') {
    detail = body;
  } else if (typeof body === 'object' && body !== null) {
    const fields = body as Record<string, unknown>;
    if (status === 400 && isStringArray(fields.message)) {
      // Nest's stock ValidationPipe: huma answers schema failures with 422.
      const details = fields.message.map((message) => ({ message, location: 'body' }));
      return { problem: problemDetails({ status: 422, detail: VALIDATION_FAILED, errors: details }) };
    }
    if (typeof fields.detail === 'string') detail = fields.detail;
    else if (typeof fields.message === 'string') detail = fields.message;
    if (typeof fields.title === 'string') title = fields.title;
    if (Array.isArray(fields.errors)) errors = fields.errors.filter(isErrorDetail);
  }
  const problem = problemDetails({ status, title, detail, errors });
  return status >= 500 ? { problem, serverFault: exception } : { problem };
}

/** Errors Fastify raises before a handler runs (body parsing, limits), shaped as huma answers them. */
function fromFrameworkError(
  exception: unknown,
  request: ProblemRequest | undefined,
): MappedProblem | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { code, statusCode } = exception as Error & { code?: unknown; statusCode?: unknown };
  const mapped = typeof code === 'string' ? fromFastifyCode(code, exception.message, request) : undefined;
  if (mapped !== undefined) return mapped;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return clientProblem(statusCode, exception.message);
  }
  return undefined;
}

function fromFastifyCode(
  code: string,
  message: string,
  request: ProblemRequest | undefined,
): MappedProblem | undefined {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return clientProblem(400, VALIDATION_FAILED, [{ message, location: 'body' }]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return clientProblem(400, 'request body is required');
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = bodyLimitOf(request);
      const detail =
        limit === undefined ? 'request body is too large' : `request body is too large limit=${limit} bytes`;
      return clientProblem(413, detail);
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return clientProblem(415, VALIDATION_FAILED, [{ message: 'unknown content type', location: 'body' }]);
    default:
      return undefined;
  }
}

function clientProblem(status: number, detail: string, errors?: ProblemErrorDetail[]): MappedProblem {
  return { problem: problemDetails({ status, detail, errors }) };
}

function bodyLimitOf(request: ProblemRequest | undefined): number | undefined {
  try {
    return request?.routeOptions?.bodyLimit;
  } catch {
    return undefined;
  }
}

/** The decoded path of a raw request URL, as Go's `r.URL.Path`. */
export function pathOf(rawUrl: string | undefined): string {
  const url = rawUrl ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isErrorDetail(value: unknown): value is ProblemErrorDetail {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
