import type {
  NamespaceProofDiagnosis,
  NamespaceProofResult,
} from '@registry/application/ports/namespace-proof.port';
import { OutboundHttp, OutboundHttpError, OutboundResponse } from '@registry/outbound-http';
import { failed, printable, proven } from './proof-outcome';

/**
 * What the github method needs, for publishers and for the claim API's documentation. Checked
 * against GitHub's REST reference: GET /user/memberships/orgs/{org} needs the organisation
 * permission "Members" (read) of a fine-grained token, and a fine-grained token reaches the
 * resources of one owner only; read:org is the classic scope for organisation membership.
 */
export const GITHUB_PROOF_REQUIREMENTS =
  'For io.github.<user>: a GitHub token of that user itself (classic or fine-grained personal access token, or OAuth token; no scope needed). ' +
  'For io.github.<organisation>: a token of an Owner of the organisation (membership active, role admin) that may read organisation membership: ' +
  'a classic or OAuth token with the read:org scope (write:org and admin:org include it), or a fine-grained token whose resource owner is the organisation, ' +
  'with the organisation permission Members: read; if the organisation enforces SAML single sign-on, the token must be authorized for it.';

export const GITHUB_API_TIMEOUT_MS = 10_000;
/** GitHub's answers here are a user or a membership, a few KiB; more is not GitHub. */
const MAX_ANSWER_BYTES = 256 * 1024;
/** Classic scopes that read organisation membership; GitHub folds read:org into the others when both are granted. */
const ORG_READ_SCOPES = ['read:org', 'write:org', 'admin:org'];
const OWNER = 'active membership with role admin (an Owner)';
/** GITHUB_PROOF_REQUIREMENTS in one clause, for messages that must stay one sentence. */
const TOKEN_NEEDED =
  'a token of the user itself or, for an organisation, of an Owner that may read its membership (read:org, or Members: read for a fine-grained token)';

export interface GitHubProofCheckerOptions {
  /** https://api.github.com, or a GitHub Enterprise Server's /api/v3, or a loopback fake in tests. */
  apiBaseUrl: string;
  timeoutMs?: number;
}

type Answered = { response: OutboundResponse; checked: string };
type Call = Answered | { unanswered: NamespaceProofResult };

/**
 * Proves io.github.<account> by the claimant's GitHub token: the account's own token for a user,
 * an Owner's token for an organisation (members are not enough, as with the GitHub login).
 */
export class GitHubProofChecker {
  private readonly http: OutboundHttp;
  private readonly apiBaseUrl: string;

  constructor(options: GitHubProofCheckerOptions) {
    this.apiBaseUrl = options.apiBaseUrl.replace(/\/+$/, '');
    this.http = new OutboundHttp({
      // The API base URL is the operator's setting, never a publisher's, so a GitHub Enterprise
      // Server on the operator's own network must stay reachable.
      allowPrivateAddresses: true,
      timeoutMs: options.timeoutMs ?? GITHUB_API_TIMEOUT_MS,
      maxBodyBytes: MAX_ANSWER_BYTES,
      userAgent: 'mcp-registry/1.0 (namespace verification)',
    });
  }

  async check(account: string, githubToken: string | undefined): Promise<NamespaceProofResult> {
    const namespace = `io.github.${account}`;
    if (githubToken === undefined || githubToken.trim() === '') {
      return failed({
        code: 'github-token-invalid',
        message: `Expected a GitHub token to prove ${namespace}, but the claim carries none; give ${TOKEN_NEEDED}.`,
        checked: `GET ${this.apiBaseUrl}/user`,
        expected: 'a GitHub token',
        seen: 'no token',
      });
    }
    const user = await this.get('/user', githubToken);
    if ('unanswered' in user) return user.unanswered;
    if (user.response.status !== 200) return this.refused(user, 'GitHub to accept the token');
    const login = field(user.response, 'login');
    if (login === undefined) return this.garbled(user);
    if (login.toLowerCase() === account.toLowerCase()) return proven(user.checked);

    const membership = await this.get(`/user/memberships/orgs/${encodeURIComponent(account)}`, githubToken);
    if ('unanswered' in membership) return membership.unanswered;
    const want = `Expected ${login}, the token's account, to hold an ${OWNER} in the organisation ${account}`;
    const { response, checked } = membership;
    if (response.status === 404) return this.notMember(membership, account, login, githubToken);
    if (response.status !== 200) {
      return this.refused(membership, `GitHub to show ${login}'s membership in ${account}`);
    }

    const state = field(response, 'state');
    const role = field(response, 'role');
    if (state === 'active' && role === 'admin') return proven(checked);
    if (state === 'pending') {
      return failed({
        code: 'github-not-member',
        message: `${want}, but the invitation to ${account} is still pending; accept it, and become an Owner, then check again.`,
        checked,
        expected: OWNER,
        seen: `invitation pending (role ${printable(role ?? 'unknown', 40)})`,
      });
    }
    if (state === 'active' && role !== undefined) {
      return failed({
        code: 'github-not-owner',
        message: `${want}, but ${login} is ${role === 'member' ? 'a member' : `a ${printable(role, 40)}`}, not an Owner; ask an Owner of ${account} to claim it, or to make ${login} an Owner.`,
        checked,
        expected: 'role admin (Owner)',
        seen: `role ${printable(role, 40)}`,
      });
    }
    return this.garbled(membership);
  }

  /** A 404 of the membership: no membership, or one this token may not see, or no organisation at all. */
  private async notMember(
    { response, checked }: Answered,
    account: string,
    login: string,
    token: string,
  ): Promise<NamespaceProofResult> {
    const granted = scopeList(response.headers['x-oauth-scopes']);
    // Only classic and OAuth tokens carry X-OAuth-Scopes; a fine-grained token's permissions are not shown.
    if (granted !== undefined) {
      const accepted = scopeList(response.headers['x-accepted-oauth-scopes']) ?? ORG_READ_SCOPES;
      if (!granted.some((scope) => accepted.includes(scope))) {
        return failed({
          code: 'github-scope-missing',
          message: `Expected a token with the read:org scope to read ${login}'s membership in ${account}, but it has ${granted.length > 0 ? `only ${granted.join(', ')}` : 'no scope'}; give a token with read:org.`,
          checked,
          expected: 'scope read:org (or write:org, admin:org)',
          seen: `scopes: ${granted.length > 0 ? printable(granted.join(', '), 200) : '(none)'}`,
        });
      }
    }
    const owner = await this.get(`/users/${encodeURIComponent(account)}`, token);
    if (
      !('unanswered' in owner) &&
      owner.response.status === 200 &&
      field(owner.response, 'type') === 'User'
    ) {
      return failed({
        code: 'github-account-mismatch',
        message: `Expected a token of the GitHub user ${account}, but the token belongs to ${login}; only ${account}'s own token proves io.github.${account}.`,
        checked: owner.checked,
        expected: `a token of ${account}`,
        seen: `a token of ${login}`,
      });
    }
    return failed({
      code: 'github-not-member',
      message: `Expected ${login}, the token's account, to hold an ${OWNER} in the organisation ${account}, but GitHub reports no membership it can show; check the name, and for a fine-grained token choose ${account} as its resource owner with the permission Members: read.`,
      checked,
      expected: OWNER,
      seen: 'no membership (404)',
    });
  }

  /** A status other than the answer sought: a bad token, a rate limit, SSO, missing permissions, GitHub itself. */
  private refused(call: Answered, wanted: string): NamespaceProofResult {
    const { response, checked } = call;
    const { status, headers } = response;
    const said = githubMessage(response);
    const seen = `HTTP ${status}${said === undefined ? '' : `: ${said}`}`;
    const diagnosis = (code: NamespaceProofDiagnosis['code'], outcome: string): NamespaceProofDiagnosis => ({
      code,
      message: `Expected ${wanted}, but ${outcome}.`,
      checked,
      seen,
    });
    if (status === 401) {
      return failed(
        diagnosis(
          'github-token-invalid',
          'GitHub refused the token as bad credentials; give a valid, unexpired token',
        ),
      );
    }
    const rateLimited =
      status === 429 ||
      (status === 403 && (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined));
    if (rateLimited) {
      return failed(
        diagnosis(
          'github-rate-limited',
          `GitHub's rate limit was hit (${rateLimitSeen(response)}); the check is retried later`,
        ),
        true,
      );
    }
    if (status === 403 && headers['x-github-sso'] !== undefined) {
      const where = /url=(\S+)/.exec(headers['x-github-sso'])?.[1];
      return failed({
        ...diagnosis(
          'github-sso-required',
          `the organisation enforces SAML single sign-on and the token is not authorized for it; authorize it${where === undefined ? ' in the token settings (Configure SSO)' : ` at ${printable(where, 300)}`}`,
        ),
        seen: `X-GitHub-SSO: ${printable(headers['x-github-sso'], 300)}`,
      });
    }
    if (status === 403) {
      const needs = headers['x-accepted-github-permissions'];
      return failed(
        diagnosis(
          'github-scope-missing',
          `GitHub refused the token access (${seen}${needs === undefined ? '' : `; it needs ${printable(needs, 100)}`}); give ${TOKEN_NEEDED}`,
        ),
      );
    }
    return failed(
      diagnosis('github-error', `GitHub answered ${seen}${status >= 500 ? '; the check is retried' : ''}`),
      status >= 500,
    );
  }

  /** A 200 without the fields GitHub always sends: something between us and GitHub, worth a retry. */
  private garbled(call: Answered): NamespaceProofResult {
    return failed(
      {
        code: 'github-error',
        message: `Expected GitHub's usual answer to ${call.checked}, but it lacked the fields a user or membership has; the check is retried.`,
        checked: call.checked,
        seen: `"${printable(call.response.text(), 64)}"`,
      },
      true,
    );
  }

  private async get(path: string, token: string): Promise<Call> {
    const url = `${this.apiBaseUrl}${path}`;
    const checked = `GET ${url}`;
    try {
      const response = await this.http.get(url, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
        },
      });
      return { response, checked };
    } catch (error) {
      if (!(error instanceof OutboundHttpError)) throw error;
      const timeout = error.code === 'timeout';
      const seen = timeout ? 'no answer in time' : printable(error.message, 200);
      return {
        unanswered: failed(
          {
            code: timeout ? 'timeout' : 'github-error',
            message: `Expected an answer from the GitHub API to ${checked}, but ${timeout ? 'none came in time' : `the request failed (${seen})`}; the check is retried.`,
            checked,
            seen,
          },
          true,
        ),
      };
    }
  }
}

function field(response: OutboundResponse, name: string): string | undefined {
  try {
    const value = (response.json() as Record<string, unknown> | null)?.[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function githubMessage(response: OutboundResponse): string | undefined {
  const message = field(response, 'message');
  return message === undefined ? undefined : printable(message, 120);
}

/** `X-OAuth-Scopes: repo, read:org` as a list; undefined when the header is absent (fine-grained tokens). */
function scopeList(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  return header
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
}

function rateLimitSeen(response: OutboundResponse): string {
  const retryAfter = response.headers['retry-after'];
  if (retryAfter !== undefined) return `retry after ${printable(retryAfter, 20)} s`;
  const reset = Number(response.headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0
    ? `resets at ${new Date(reset * 1000).toISOString()}`
    : `HTTP ${response.status}`;
}
