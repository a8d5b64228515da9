import { Inject, Injectable } from '@nestjs/common';
import { AUTH_OPTIONS, AuthOptions, clockOf } from '../auth-options';
import { LoginError } from '../login-error';
import { Permission, RegistryAction } from '../permissions/registry-permission';
import { RegistryTokenResponse, RegistryTokenService } from '../token/registry-token.service';
import { issueToken } from './issue-token';
import { extraClaimsOf, extraClaimsProblem } from './oidc-extra-claims';
import { OidcIdTokenVerifier } from './oidc-id-token-verifier';

/**
 * POST auth/oidc: an ID token of the operator's own identity provider, for admins. Who qualifies is
 * decided by the extra-claims rules; what they get is the configured publish and edit patterns.
 */
@Injectable()
export class OidcLogin {
  private readonly verifier: OidcIdTokenVerifier;

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    private readonly tokens: RegistryTokenService,
  ) {
    this.verifier = new OidcIdTokenVerifier(options.oidc.issuer, options.oidc.clientId, clockOf(options));
  }

  async exchange(oidcToken: string): Promise<RegistryTokenResponse> {
    const claims = await this.verifier.verify(oidcToken).catch((error: Error) => {
      throw new LoginError(`failed to validate OIDC token: failed to verify ID token: ${error.message}`);
    });
    const problem = extraClaimsProblem(this.options.oidc.extraClaims, extraClaimsOf(claims));
    if (problem !== undefined) throw new LoginError(`extra claims validation failed: ${problem}`);
    return issueToken(this.tokens, {
      authMethod: 'oidc',
      authMethodSubject: typeof claims['sub'] === 'string' ? claims['sub'] : '',
      permissions: [
        ...grants('publish', this.options.oidc.publishPermissions),
        ...grants('edit', this.options.oidc.editPermissions),
      ],
    });
  }
}

function grants(action: RegistryAction, patterns: readonly string[]): Permission[] {
  return patterns
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((resource) => ({ action, resource }));
}
