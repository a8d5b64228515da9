import { OutboundHttp, OutboundHttpError, OutboundResponse } from '@registry/outbound-http';

/** Decides whether a redirect hop may be followed; `origin` is the first request of the chain. */
export type RedirectPolicy = (target: URL, origin: URL) => boolean;

export interface UpstreamRequest {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Budget for the whole chain of redirects and the body, like Go's http.Client.Timeout. */
  timeoutMs: number;
  maxBodyBytes?: number;
  redirectAllowed?: RedirectPolicy;
}

export type UpstreamOutcome =
  { response: OutboundResponse; failure?: undefined } | { response?: undefined; failure: UpstreamFailure };

export interface UpstreamFailure {
  /** Rendered like Go's *url.Error: `Get "<url>": <reason>`. */
  message: string;
  timedOut: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
const SENSITIVE_HEADERS = ['authorization', 'www-authenticate', 'cookie', 'cookie2'];

/**
 * Talks to package registries the way the official validators' net/http client does: follows
 * up to 10 redirects (each hop goes through OutboundHttp again, so every hop is checked against
 * private addresses), drops credentials when a redirect leaves the original host, and reports
 * failures as values instead of exceptions.
 */
export class UpstreamClient {
  constructor(private readonly http: OutboundHttp) {}

  async fetch(url: string, request: UpstreamRequest): Promise<UpstreamOutcome> {
    const method = request.method ?? 'GET';
    const op = method === 'HEAD' ? 'Head' : 'Get';
    const deadline = Date.now() + request.timeoutMs;
    let current = url;
    let origin: URL;
    try {
      origin = new URL(url);
    } catch {
      return { failure: { message: `${op} "${url}": invalid URL`, timedOut: false } };
    }
    let headers = { ...(request.headers ?? {}) };
    for (let hop = 0; ; hop++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { failure: timeoutFailure(op, current) };
      let response: OutboundResponse;
      try {
        response = await this.http.get(current, {
          method,
          headers,
          timeoutMs: remaining,
          maxBodyBytes: request.maxBodyBytes,
        });
      } catch (error) {
        if (error instanceof OutboundHttpError && error.code === 'timeout') {
          return { failure: timeoutFailure(op, current) };
        }
        return { failure: { message: `${op} "${current}": ${reasonOf(error)}`, timedOut: false } };
      }
      const location = response.headers.location;
      if (!REDIRECT_STATUSES.has(response.status) || location === undefined) return { response };

      let target: URL;
      try {
        target = new URL(location, current);
      } catch {
        const reason = `failed to parse Location header "${location}"`;
        return { failure: { message: `${op} "${current}": ${reason}`, timedOut: false } };
      }
      if (request.redirectAllowed && !request.redirectAllowed(target, origin)) {
        const reason = `refusing redirect to unexpected URL "${redacted(target)}"`;
        return { failure: { message: `${op} "${location}": ${reason}`, timedOut: false } };
      }
      if (hop + 1 >= MAX_REDIRECTS) {
        return { failure: { message: `${op} "${location}": stopped after 10 redirects`, timedOut: false } };
      }
      if (!sameOrSubdomain(target.hostname, origin.hostname)) headers = withoutSensitive(headers);
      current = target.toString();
    }
  }
}

function timeoutFailure(op: string, url: string): UpstreamFailure {
  return {
    message: `${op} "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    timedOut: true,
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof OutboundHttpError) {
    if (error.code === 'network' && error.cause instanceof Error) return error.cause.message;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function sameOrSubdomain(host: string, originalHost: string): boolean {
  return host === originalHost || host.endsWith('.' + originalHost);
}

function withoutSensitive(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!SENSITIVE_HEADERS.includes(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}

/** Go's URL.Redacted: the password, if any, is replaced by "xxxxx". */
export function redacted(url: URL): string {
  if (url.password === '') return url.toString();
  const copy = new URL(url.toString());
  copy.password = 'xxxxx';
  return copy.toString();
}
