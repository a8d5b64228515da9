import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** What one URL answers; `hang` never answers (the client gives up on its own timeout). */
export interface FakeWebAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  hang?: boolean;
}

/**
 * The web servers of many domains as one plain-HTTP server on 127.0.0.1 (a free port): the domain is
 * the first path segment, so https://example.com/x is served at http://127.0.0.1:<port>/example.com/x.
 * Point the registry at it with MCP_REGISTRY_NAMESPACE_HTTP_BASE_URL=`fake.baseUrlTemplate` (and
 * MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE=true). Unknown paths answer 404.
 */
export class FakeWebServer {
  /** `/<domain><path>` -> its answer. */
  private readonly answers = new Map<string, FakeWebAnswer>();
  /** Every path asked for, in order (with the domain segment). */
  readonly requests: string[] = [];
  private server: Server | undefined;

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    return this;
  }

  get url(): string {
    if (this.server === undefined) throw new Error('FakeWebServer is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The registry's http proof base URL: `{domain}` is the domain being proven. */
  get baseUrlTemplate(): string {
    return `${this.url}/{domain}`;
  }

  /** Where the registry fetches https://<domain><path> from. */
  urlOf(domain: string, path: string): string {
    return `${this.url}/${domain}${path}`;
  }

  serve(domain: string, path: string, answer: FakeWebAnswer): void {
    this.answers.set(`/${domain.toLowerCase()}${path}`, answer);
  }

  remove(domain: string, path: string): void {
    this.answers.delete(`/${domain.toLowerCase()}${path}`);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    this.requests.push(path);
    const answer = this.answers.get(path);
    if (answer === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    if (answer.hang === true) return;
    res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
  }
}
