import { Inject, Injectable } from '@nestjs/common';
import { AUTH_OPTIONS, AuthOptions } from '../auth-options';
import { LoginError } from '../login-error';
import { Permission, githubNamespacePermission, isValidGitHubName } from '../permissions/registry-permission';
import { RegistryTokenResponse, RegistryTokenService } from '../token/registry-token.service';
import { GitHubAccount, GitHubApi } from './github-api';
import { issueToken } from './issue-token';

/**
 * POST auth/github-at: a GitHub access token (device flow or PAT) for `io.github.<login>/*` plus
 * `io.github.<org>/*` for each org the user owns.
 */
@Injectable()
export class GitHubAccessTokenLogin {
  private readonly github: GitHubApi;

  constructor(
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    private readonly tokens: RegistryTokenService,
  ) {
    this.github = new GitHubApi(options.githubApiBaseUrl);
  }

  async exchange(githubToken: string): Promise<RegistryTokenResponse> {
    const user = await this.github.user(githubToken).catch((error: Error) => {
      throw new LoginError(`failed to get GitHub user: ${error.message}`);
    });
    const orgs = await this.github.ownedOrgs(githubToken).catch((error: Error) => {
      throw new LoginError(`failed to get GitHub organizations: ${error.message}`);
    });
    return issueToken(this.tokens, {
      authMethod: 'github-at',
      authMethodSubject: user.login,
      permissions: githubPermissions(user.login, orgs),
    });
  }
}

/** An odd login grants nothing at all; an odd org name is skipped without costing the other grants. */
export function githubPermissions(login: string, orgs: readonly GitHubAccount[]): Permission[] {
  if (!isValidGitHubName(login)) return [];
  return [
    githubNamespacePermission(login),
    ...orgs.filter((org) => isValidGitHubName(org.login)).map((org) => githubNamespacePermission(org.login)),
  ];
}
