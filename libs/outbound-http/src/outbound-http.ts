import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { nonPublicAddressReason } from './address-policy';
import { guardedLookup } from './guarded-lookup';
import { OutboundHttpError } from './outbound-http-error';

export interface OutboundHttpOptions {
  /** false in production; tests set true to reach loopback fakes. */
  allowPrivateAddresses: boolean;
  /** Default 10_000. */
  timeoutMs?: number;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** Default 'mcp-registry'. */
  userAgent?: string;
}

export interface OutboundRequest {
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxBodyBytes?: number;
  method?: 'GET' | 'HEAD';
}

export interface OutboundResponse {
  url: string;
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The server sent more than maxBodyBytes; `body` holds the first maxBodyBytes only. */
  truncated: boolean;
  text(): string;
  json<T = unknown>(): T;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_USER_AGENT = 'mcp-registry';

/**
 * The one way the registry talks to hosts chosen by publishers: http(s) only, no redirects
 * followed (a 3xx is returned for the caller to judge), a cap on time and on bytes read, and
 * no connection to private, loopback or link-local addresses unless configured for tests.
 */
export class OutboundHttp {
  private readonly httpAgent = new http.Agent({ keepAlive: false });
  private readonly httpsAgent = new https.Agent({ keepAlive: false });

  constructor(private readonly options: OutboundHttpOptions) {}

  get(url: string, req: OutboundRequest = {}): Promise<OutboundResponse> {
    let target: URL;
    try {
      target = this.checkedTarget(url);
    } catch (error) {
      return Promise.reject(error);
    }
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBodyBytes = req.maxBodyBytes ?? this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? DEFAULT_USER_AGENT };
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
    return this.send(target, req.method ?? 'GET', headers, timeoutMs, maxBodyBytes);
  }

  private checkedTarget(url: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new OutboundHttpError('bad-url', `not a valid URL: ${url}`);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new OutboundHttpError('bad-url', `only http and https URLs are allowed: ${url}`);
    }
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    if (host === '') throw new OutboundHttpError('bad-url', `URL has no host: ${url}`);
    // Node connects to IP literals without calling `lookup`, so they are judged here.
    if (!this.options.allowPrivateAddresses && isIP(host) !== 0) {
      const reason = nonPublicAddressReason(host);
      if (reason !== undefined) {
        throw new OutboundHttpError('private-address', `refusing to connect to ${host} (${reason})`);
      }
    }
    return target;
  }

  private send(
    target: URL,
    method: 'GET' | 'HEAD',
    headers: Record<string, string>,
    timeoutMs: number,
    maxBodyBytes: number,
  ): Promise<OutboundResponse> {
    const url = target.toString();
    const isHttps = target.protocol === 'https:';
    return new Promise<OutboundResponse>((resolve, reject) => {
      let settled = false;
      const chunks: Buffer[] = [];
      let received = 0;

      const request = (isHttps ? https : http).request(target, {
        method,
        headers,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
        lookup: this.options.allowPrivateAddresses ? undefined : guardedLookup,
      });

      const fail = (error: OutboundHttpError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new OutboundHttpError('timeout', `request to ${url} timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );

      request.on('error', (error) => fail(toOutboundError(error, url)));
      request.on('response', (response) => {
        const finish = (truncated: boolean): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const body = Buffer.concat(chunks).subarray(0, maxBodyBytes);
          if (truncated) response.destroy();
          resolve(buildResponse(url, response, body, truncated));
        };
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          chunks.push(chunk);
          received += chunk.length;
          // Reading stops once more than the cap has arrived; one chunk past it proves truncation.
          if (received > maxBodyBytes) finish(true);
        });
        response.on('end', () => finish(false));
        response.on('error', (error) => fail(toOutboundError(error, url)));
      });
      request.end();
    });
  }
}

function toOutboundError(error: Error, url: string): OutboundHttpError {
  if (error instanceof OutboundHttpError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new OutboundHttpError('too-large', `response headers from ${url} are too large`, { cause: error });
  }
  return new OutboundHttpError('network', `request to ${url} failed: ${error.message}`, { cause: error });
}

function buildResponse(
  url: string,
  response: http.IncomingMessage,
  body: Buffer,
  truncated: boolean,
): OutboundResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    url,
    status: response.statusCode ?? 0,
    headers,
    body,
    truncated,
    text: () => body.toString('utf8'),
    json: <T>() => JSON.parse(body.toString('utf8')) as T,
  };
}
