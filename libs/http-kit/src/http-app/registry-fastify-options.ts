import { RawRequestHeaders, requestIdOf } from '../logging/request-log';
import { problemDetails } from '../problem/problem-details';
import { ProblemReply, sendProblem } from '../problem/problem-details.filter';
import { INTERNAL_ERROR_DETAIL } from '../problem/problem-mapping';

/**
 * An encoded server name (up to 200 characters, `/` sent as `%2F`) or version (up to 255) can be three
 * times its length on the wire; Fastify's default of 100 would turn long names into 414s.
 */
export const MAX_PARAM_LENGTH = 1024;

/** What Fastify hands `frameworkErrors`; structural, so it fits the adapter's own copy of fastify. */
export interface FrameworkError {
  readonly code: string;
  readonly message: string;
  readonly statusCode?: number;
}

export interface RegistryFastifyOptions {
  routerOptions: { maxParamLength: number };
  /** `reply` is Fastify's, whose generic `send` no structural type can name for every route generic. */
  frameworkErrors: (error: FrameworkError, request: unknown, reply: unknown) => void;
  /** Request ids: the caller's sane `X-Request-Id`, else a UUID. */
  genReqId: (raw: RawRequestHeaders) => string;
}

/**
 * Options for `new FastifyAdapter(registryFastifyOptions({ ...yours }))` that the registry apps share:
 * room for long encoded names, and problem details for the errors Fastify answers itself before any
 * hook or filter runs (a malformed percent-encoding, an over-long parameter), and request ids that
 * follow a request in from the proxy's `X-Request-Id`.
 */
export function registryFastifyOptions<T extends object = object>(
  overrides: T = {} as T,
): T & RegistryFastifyOptions {
  const routerOptions: unknown = Reflect.get(overrides, 'routerOptions');
  return {
    ...overrides,
    routerOptions: {
      maxParamLength: MAX_PARAM_LENGTH,
      ...(typeof routerOptions === 'object' ? routerOptions : {}),
    },
    frameworkErrors: answerFrameworkError,
    genReqId: requestIdOf,
  };
}

function answerFrameworkError(error: FrameworkError, _request: unknown, reply: unknown): void {
  let status = error.statusCode ?? 500;
  let detail = status >= 500 ? INTERNAL_ERROR_DETAIL : error.message;
  if (error.code === 'FST_ERR_BAD_URL') {
    status = 400;
    detail = 'Invalid request: malformed URL encoding';
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    status = 414;
    detail = `Invalid request: a path parameter is longer than ${MAX_PARAM_LENGTH} characters`;
  }
  sendProblem(reply as ProblemReply, problemDetails({ status, detail }));
}
