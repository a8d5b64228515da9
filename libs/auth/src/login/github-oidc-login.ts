import { Inject, Injectable } from '@nestjs/common';
import { compactVerify, importJWK } from 'jose';
import { AUTH_OPTIONS, AuthOptions, Clock, clockOf } from '../auth-options';
import { LoginError } from '../login-error';
import { Permission, githubNamespacePermission, isValidGitHubName } from '../permissions/registry-permission';
import { jwtTimeProblems } from '../token/jwt-time-claims';
import { RegistryTokenResponse, RegistryTokenService } from '../token/registry-token.service';
import { GitHubActionsJwks } from './github-actions-jwks';
import { goValue } from './go-value-format';
import { issueToken } from './issue-token';
import { audienceList, decodeJwtParts } from './jwt-parts';

/**
 * POST auth/github-oidc: a GitHub Actions OIDC token (RS256, audience `mcp-registry`) for
 * `io.github.<repository_owner>/*`: the whole owner namespace, since one repository often publishes
 * several servers and Actions may already push to any package of its owner.
 */
@Injectable()
export class GitHubOidcLogin {
  private readonly clock: Clock;
  private readonly jwks: GitHubActionsJwks;

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    private readonly tokens: RegistryTokenService,
  ) {
    this.clock = clockOf(options);
    this.jwks = new GitHubActionsJwks(options.githubOidcIssuer, this.clock);
  }

  async exchange(oidcToken: string): Promise<RegistryTokenResponse> {
    const audience = this.options.githubOidcAudience;
    if (audience === '') {
      throw new LoginError('GitHub OIDC exchange disabled: this deployment has no audience configured');
    }
    const claims = await this.validate(oidcToken, audience).catch((error: Error) => {
      throw new LoginError(`failed to validate OIDC token: ${error.message}`);
    });
    const owner = claims['repository_owner'] as string;
    const permissions: Permission[] = isValidGitHubName(owner) ? [githubNamespacePermission(owner)] : [];
    return issueToken(this.tokens, {
      authMethod: 'github-oidc',
      authMethodSubject: typeof claims['sub'] === 'string' ? claims['sub'] : '',
      permissions,
    });
  }

  private async validate(token: string, audience: string): Promise<Record<string, unknown>> {
    const parseFailure = (why: string): Error => new Error(`failed to parse token: ${why}`);
    const { header, payload } = decodeJwtParts(token, parseFailure);
    if (header['alg'] !== 'RS256') {
      throw parseFailure(`token signature is invalid: signing method ${goValue(header['alg'])} is invalid`);
    }
    const kid = header['kid'];
    if (typeof kid !== 'string') {
      throw parseFailure('token is unverifiable: error while executing keyfunc: missing kid in token header');
    }
    const jwk = await this.jwks.rsaKey(kid).catch((error: Error) => {
      throw parseFailure(
        `token is unverifiable: error while executing keyfunc: failed to get public key: ${error.message}`,
      );
    });
    try {
      await compactVerify(token, await importJWK({ ...jwk, alg: 'RS256' }, 'RS256'), {
        algorithms: ['RS256'],
      });
    } catch {
      throw parseFailure('token signature is invalid: crypto/rsa: verification error');
    }
    const problems = jwtTimeProblems(payload, this.clock());
    if (problems.length > 0) throw parseFailure(`token has invalid claims: ${problems.join(', ')}`);

    const issuer = this.options.githubOidcIssuer;
    if (payload['iss'] !== issuer) {
      throw new Error(
        `invalid issuer: expected ${issuer}, got ${typeof payload['iss'] === 'string' ? payload['iss'] : ''}`,
      );
    }
    const audiences = audienceList(payload['aud']);
    if (!audiences.includes(audience)) {
      throw new Error(`invalid audience: expected ${audience}, got ${goValue(audiences)}`);
    }
    if (typeof payload['repository_owner'] !== 'string' || payload['repository_owner'] === '') {
      throw new Error('repository owner claim is required');
    }
    return payload;
  }
}
