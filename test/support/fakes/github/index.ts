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
  /** Simulates a token without read:org: GET /user/memberships/orgs (and /orgs/:org) answers 403. */
  withoutReadOrg?: boolean;
  /**
   * A classic token's scopes, sent as X-OAuth-Scopes on every answer (fine-grained tokens send none).
   * Without read:org, write:org or admin:org, GET /user/memberships/orgs/:org answers 404 as if no
   * membership existed, which is how GitHub hides an organisation the token may not read.
   */
  scopes?: string[];
}

const ORG_READ_SCOPES = ['read:org', 'write:org', 'admin:org'];

export interface FakeGitHubRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

/**
 * The GitHub API calls the registry makes with a user's token: GET /user,
 * GET /user/memberships/orgs (paginated with per_page/page), GET /user/memberships/orgs/:org and
 * GET /users/:name. Tokens map to accounts; an unknown token gets GitHub's 401.
 * `nextMembershipsResponse` overrides the next answer of either memberships call (rate limit, SSO).
 */
export class FakeGitHubApi {
  readonly tokens = new Map<string, FakeGitHubAccount>();
  readonly requests: FakeGitHubRequest[] = [];
  nextMembershipsResponse: { status: number; headers?: Record<string, string>; body: unknown } | undefined;
  /** Sent as X-Accepted-OAuth-Scopes on the memberships answers when set. */
  acceptedOAuthScopes: string | undefined;
  /**
   * Accounts GET /users/:name knows besides the tokens' own logins (users) and the organisations
   * of their memberships; lower-case name -> type.
   */
  readonly accountTypes = new Map<string, 'User' | 'Organization'>();
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
    const scopes: Record<string, string> =
      account.scopes === undefined ? {} : { 'x-oauth-scopes': account.scopes.join(', ') };
    if (url.pathname === '/user') {
      return send(res, 200, { login: account.login, id: account.id ?? 1 }, scopes);
    }
    if (url.pathname === '/user/memberships/orgs') return this.memberships(url, account, res);
    const org = /^\/user\/memberships\/orgs\/([^/]+)$/.exec(url.pathname)?.[1];
    if (org !== undefined) return this.membership(decodeURIComponent(org), account, res, scopes);
    const name = /^\/users\/([^/]+)$/.exec(url.pathname)?.[1];
    if (name !== undefined) return this.user(decodeURIComponent(name), res, scopes);
    send(res, 404, { message: 'Not Found' }, scopes);
  }

  /** True when the override was sent. */
  private sendOverride(res: ServerResponse): boolean {
    const override = this.nextMembershipsResponse;
    if (override === undefined) return false;
    this.nextMembershipsResponse = undefined;
    send(res, override.status, override.body, override.headers);
    return true;
  }

  private membership(
    org: string,
    account: FakeGitHubAccount,
    res: ServerResponse,
    scopes: Record<string, string>,
  ): void {
    if (this.sendOverride(res)) return;
    const headers =
      this.acceptedOAuthScopes === undefined
        ? scopes
        : { ...scopes, 'x-accepted-oauth-scopes': this.acceptedOAuthScopes };
    if (account.withoutReadOrg === true) {
      return send(
        res,
        403,
        { message: 'You need at least read:org scope or user scope to list your organizations.' },
        headers,
      );
    }
    const found = (account.memberships ?? []).find((m) => m.org.toLowerCase() === org.toLowerCase());
    const hidden = account.scopes !== undefined && !account.scopes.some((s) => ORG_READ_SCOPES.includes(s));
    if (found === undefined || hidden) return send(res, 404, { message: 'Not Found' }, headers);
    send(
      res,
      200,
      {
        state: found.state ?? 'active',
        role: found.role,
        organization: { login: found.org, id: 1000 },
        user: { login: account.login, id: account.id ?? 1 },
      },
      headers,
    );
  }

  private user(name: string, res: ServerResponse, headers: Record<string, string>): void {
    const lower = name.toLowerCase();
    let type = this.accountTypes.get(lower);
    for (const account of this.tokens.values()) {
      if (account.login.toLowerCase() === lower) type ??= 'User';
      if ((account.memberships ?? []).some((m) => m.org.toLowerCase() === lower)) type ??= 'Organization';
    }
    if (type === undefined) return send(res, 404, { message: 'Not Found' }, headers);
    send(res, 200, { login: name, id: 2000, type }, headers);
  }

  private memberships(url: URL, account: FakeGitHubAccount, res: ServerResponse): void {
    if (this.sendOverride(res)) return;
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
