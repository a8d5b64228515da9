import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received (still percent-encoded). */
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** Path (encoded) and parsed URL of a request, for route matching. */
export interface RouteRequest {
  method: string;
  path: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
}

export interface RouteResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * A real HTTP server on 127.0.0.1 (a free port) standing in for a public package registry. Tests
 * register fixtures on the concrete fakes, then can make the whole registry fail (`failWith`),
 * stop answering (`hang`) or answer one path with a chosen status (`respondTo`).
 */
export abstract class FakeRegistryServer {
  readonly requests: RecordedRequest[] = [];
  private server?: http.Server;
  private origin = '';
  private failure?: number;
  private hanging = false;
  private readonly forced = new Map<string, RouteResponse | 'hang'>();

  /** Starts listening; `baseUrl` is what the verifier is configured with. */
  async start(): Promise<{ baseUrl: string }> {
    if (this.server) return { baseUrl: this.baseUrl() };
    const server = http.createServer((req, res) => this.dispatch(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { baseUrl: this.baseUrl() };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** http://127.0.0.1:<port>, for fixtures that must name their own URLs. */
  get serverOrigin(): string {
    if (this.origin === '') throw new Error('fake registry not started');
    return this.origin;
  }

  /** Every request is answered with `status` (e.g. 503: the registry is down); undefined restores it. */
  failWith(status: number | undefined): this {
    this.failure = status;
    return this;
  }

  /** Requests are accepted but never answered, so only the client's timeout ends them. */
  hang(on = true): this {
    this.hanging = on;
    return this;
  }

  /** Answers requests for one exact (encoded) path with a fixed response, whatever the fixtures say. */
  respondTo(path: string, response: RouteResponse): this {
    this.forced.set(path, response);
    return this;
  }

  /** Requests for one exact (encoded) path are never answered. */
  hangOn(path: string): this {
    this.forced.set(path, 'hang');
    return this;
  }

  protected baseUrl(): string {
    return this.origin;
  }

  protected abstract route(request: RouteRequest): RouteResponse | Promise<RouteResponse>;

  private dispatch(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = req.method ?? 'GET';
    this.requests.push({ method, url: req.url ?? '/', headers: req.headers });
    if (this.hanging) return;
    const url = new URL(req.url ?? '/', this.origin);
    const path = (req.url ?? '/').split('?')[0];
    const forced = this.forced.get(path);
    const respond = (response: RouteResponse): void => {
      const body = method === 'HEAD' ? undefined : response.body;
      res.writeHead(response.status, response.headers ?? {});
      res.end(body);
    };
    if (this.failure !== undefined) return respond({ status: this.failure, body: 'fake registry failure' });
    if (forced === 'hang') return;
    if (forced) return respond(forced);
    Promise.resolve(this.route({ method, path, url, headers: req.headers })).then(respond, (error: unknown) =>
      respond({ status: 500, body: String(error) }),
    );
  }
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): RouteResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function notFound(body = 'not found'): RouteResponse {
  return { status: 404, headers: { 'content-type': 'text/plain' }, body };
}
