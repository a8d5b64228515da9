import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeGitHubMembership {
  org: string;
  role: 'admin' | 'member' | 'billing_manager';
  state?: 'active' | 'pending';
}

export interface FakeGitHubAccount {
  login: string;
  id?: number;
  memberships?: FakeGitHubMembership[];
  /** Simulates a token without read:org: GET /user/memberships/orgs answers 403. */
  withoutReadOrg?: boolean;
}

export interface FakeGitHubRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

/**
 * The two GitHub API calls the registry makes with a user's token: GET /user and
 * GET /user/memberships/orgs (paginated with per_page/page). Tokens map to accounts; an unknown token
 * gets GitHub's 401. `nextMembershipsResponse` overrides the next memberships answer (rate limit, SSO).
 */
export class FakeGitHubApi {
  readonly tokens = new Map<string, FakeGitHubAccount>();
  readonly requests: FakeGitHubRequest[] = [];
  nextMembershipsResponse: { status: number; headers?: Record<string, string>; body: unknown } | undefined;
  private server: Server | undefined;

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    return this;
  }

  get url(): string {
    if (this.server === undefined) throw new Error('FakeGitHubApi is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://github.invalid');
    this.requests.push({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorization: req.headers.authorization,
    });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const account = token === undefined ? undefined : this.tokens.get(token);
    if (account === undefined) {
      return send(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    }
    if (url.pathname === '/user') return send(res, 200, { login: account.login, id: account.id ?? 1 });
    if (url.pathname === '/user/memberships/orgs') return this.memberships(url, account, res);
    send(res, 404, { message: 'Not Found' });
  }

  private memberships(url: URL, account: FakeGitHubAccount, res: ServerResponse): void {
    const override = this.nextMembershipsResponse;
    if (override !== undefined) {
      this.nextMembershipsResponse = undefined;
      return send(res, override.status, override.body, override.headers);
    }
    if (account.withoutReadOrg === true) {
      return send(res, 403, {
        message: 'You need at least read:org scope or user scope to list your organizations.',
      });
    }
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    const state = url.searchParams.get('state');
    const all = (account.memberships ?? [])
      .map((m, i) => ({
        state: m.state ?? 'active',
        role: m.role,
        organization: { login: m.org, id: 1000 + i },
      }))
      .filter((m) => state === null || m.state === state);
    send(res, 200, all.slice((page - 1) * perPage, page * perPage));
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
