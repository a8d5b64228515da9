import { LoginError } from '../login-error';

export interface GitHubAccount {
  login: string;
  id: number;
}

/** One entry of GET /user/memberships/orgs: the caller's own membership, with its role. */
export interface GitHubOrgMembership {
  state: string;
  role: string;
  organization: GitHubAccount;
}

const REQUEST_TIMEOUT_MS = 10_000;
const ERROR_BODY_LIMIT = 1024;
const PAGE_SIZE = 100;
/** 10,000 memberships: a backstop against an upstream that never ends, not a real-world limit. */
const MAX_PAGES = 100;

/** The two calls the GitHub login makes with the user's token, against a configurable API base URL. */
export class GitHubApi {
  constructor(private readonly baseUrl: string) {}

  async user(token: string): Promise<GitHubAccount> {
    const response = await this.get('/user', token, 'failed to get user info');
    if (response.status !== 200) {
      throw new LoginError(`GitHub API error (status ${response.status}): ${await errorBody(response)}`);
    }
    const user = await decode(response, 'failed to decode user response');
    return { login: stringField(user, 'login'), id: numberField(user, 'id') };
  }

  /**
   * The orgs the user owns (active membership with role `admin`). Org namespaces go to Owners only,
   * never to ordinary members. A 403 means a token without read:org, which still publishes to the
   * personal namespace, unless GitHub signals a rate limit or SSO enforcement: then the grant could be
   * wrong, so the login fails instead of silently dropping an Owner's org.
   */
  async ownedOrgs(token: string): Promise<GitHubAccount[]> {
    const owned: GitHubAccount[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const memberships = await this.membershipsPage(token, page);
      for (const m of memberships) {
        if (m.state === 'active' && m.role === 'admin') owned.push(m.organization);
      }
      if (memberships.length < PAGE_SIZE) return owned;
    }
    throw new LoginError(
      `org memberships exceeded ${MAX_PAGES} pages; refusing to issue a possibly-truncated grant`,
    );
  }

  private async membershipsPage(token: string, page: number): Promise<GitHubOrgMembership[]> {
    const path = `/user/memberships/orgs?state=active&per_page=${PAGE_SIZE}&page=${page}`;
    const response = await this.get(path, token, 'failed to get user organization memberships');
    if (response.status === 403) {
      if (
        response.headers.get('x-ratelimit-remaining') === '0' ||
        response.headers.get('retry-after') !== null
      ) {
        throw new LoginError(
          `GitHub API rate limit exceeded while listing org memberships (status 403): ${await errorBody(response)}`,
        );
      }
      if (response.headers.get('x-github-sso') !== null) {
        throw new LoginError(
          `GitHub org memberships require SSO authorization for this token (status 403): ${await errorBody(response)}`,
        );
      }
      return [];
    }
    if (response.status !== 200) {
      throw new LoginError(`GitHub API error (status ${response.status}): ${await errorBody(response)}`);
    }
    const body = await decode(response, 'failed to decode organization memberships response');
    if (!Array.isArray(body)) {
      throw new LoginError('failed to decode organization memberships response: expected an array');
    }
    return body.map((entry: unknown) => {
      const organization = (entry as { organization?: unknown }).organization;
      return {
        state: stringField(entry, 'state'),
        role: stringField(entry, 'role'),
        organization: { login: stringField(organization, 'login'), id: numberField(organization, 'id') },
      };
    });
  }

  private async get(path: string, token: string, failure: string): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl.replace(/\/+$/, '')}${path}`, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/vnd.github.v3+json',
          'x-github-api-version': '2022-11-28',
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new LoginError(`${failure}: ${(error as Error).message}`);
    }
  }
}

async function decode(response: Response, failure: string): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch (error) {
    throw new LoginError(`${failure}: ${(error as Error).message}`);
  }
}

async function errorBody(response: Response): Promise<string> {
  try {
    return (await response.text()).slice(0, ERROR_BODY_LIMIT).trim();
  } catch {
    return '';
  }
}

function stringField(value: unknown, name: string): string {
  const field = (value as Record<string, unknown> | null)?.[name];
  return typeof field === 'string' ? field : '';
}

function numberField(value: unknown, name: string): number {
  const field = (value as Record<string, unknown> | null)?.[name];
  return typeof field === 'number' ? field : 0;
}
