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
  /**
   * Reuse connections (default off). Webhook deliveries go to the same receivers at up to
   * thousands a second; a new TCP+TLS handshake for each would cost more than the request. The
   * guarded lookup still runs for every new connection, and IP literals are still judged before
   * any connection, so a reused socket is always one that passed the address policy.
   */
  keepAlive?: boolean | OutboundKeepAlive;
}

export interface OutboundKeepAlive {
  /** Connections per host and port at once; default unlimited (Node's default). */
  maxSocketsPerHost?: number;
  /** Idle connections kept per host and port; default 256. */
  maxFreeSocketsPerHost?: number;
  /** An idle connection is closed after this long; default 4_000, below the usual 5 s server idle limit. */
  idleTimeoutMs?: number;
}

export interface OutboundRequest {
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxBodyBytes?: number;
  method?: 'GET' | 'HEAD';
}

/** A request with a body; `post` sends it with the content-length set. */
export type OutboundPostRequest = Omit<OutboundRequest, 'method'>;

type Method = 'GET' | 'HEAD' | 'POST';

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
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: OutboundHttpOptions) {
    const agentOptions = toAgentOptions(options.keepAlive);
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
  }

  get(url: string, req: OutboundRequest = {}): Promise<OutboundResponse> {
    return this.request(url, req.method ?? 'GET', undefined, req);
  }

  /** POSTs `body` (a string is sent as UTF-8); the answer is read under the same caps as `get`. */
  post(url: string, body: string | Buffer, req: OutboundPostRequest = {}): Promise<OutboundResponse> {
    return this.request(url, 'POST', typeof body === 'string' ? Buffer.from(body, 'utf8') : body, req);
  }

  /** Closes pooled connections; requests in flight are cut off. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private request(
    url: string,
    method: Method,
    body: Buffer | undefined,
    req: OutboundPostRequest,
  ): Promise<OutboundResponse> {
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
    if (body !== undefined) headers['content-length'] = String(body.length);
    const deadline = Date.now() + timeoutMs;
    return this.send({ target, method, headers, body, timeoutMs, deadline, maxBodyBytes }, false);
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

  private send(call: PendingCall, retried: boolean): Promise<OutboundResponse> {
    const { target, method, headers, body, timeoutMs, maxBodyBytes } = call;
    const url = target.toString();
    const isHttps = target.protocol === 'https:';
    return new Promise<OutboundResponse>((resolve, reject) => {
      let settled = false;
      let answered = false;
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
        Math.max(0, call.deadline - Date.now()),
      );

      request.on('error', (error) => {
        // A pooled connection the server closed while idle fails as soon as it is used; the request
        // never reached the server, so it is sent once more (Node's documented keep-alive remedy).
        if (!settled && !answered && !retried && request.reusedSocket && isConnectionReset(error)) {
          settled = true;
          clearTimeout(timer);
          resolve(this.send(call, true));
          return;
        }
        fail(toOutboundError(error, url));
      });
      request.on('response', (response) => {
        answered = true;
        const finish = (truncated: boolean): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const kept = Buffer.concat(chunks).subarray(0, maxBodyBytes);
          if (truncated) response.destroy();
          resolve(buildResponse(url, response, kept, truncated));
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
      request.end(body);
    });
  }
}

interface PendingCall {
  target: URL;
  method: Method;
  headers: Record<string, string>;
  body: Buffer | undefined;
  timeoutMs: number;
  /** One time budget for the call, a retry on a fresh connection included. */
  deadline: number;
  maxBodyBytes: number;
}

function toAgentOptions(keepAlive: OutboundHttpOptions['keepAlive']): http.AgentOptions {
  if (keepAlive === undefined || keepAlive === false) return { keepAlive: false };
  const tuning = keepAlive === true ? {} : keepAlive;
  return {
    keepAlive: true,
    maxSockets: tuning.maxSocketsPerHost ?? Infinity,
    maxFreeSockets: tuning.maxFreeSocketsPerHost ?? 256,
    // The agent's socket timeout only closes idle pooled sockets; requests keep their own timer.
    timeout: tuning.idleTimeoutMs ?? 4_000,
    scheduling: 'lifo',
  };
}

function isConnectionReset(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
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
