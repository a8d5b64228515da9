import { Body, Controller, HttpCode, HttpStatus, Inject, Logger, Post } from '@nestjs/common';
import { AUTH_OPTIONS, AuthOptions } from '../auth-options';
import { AnonymousLogin } from '../login/anonymous-login';
import { DnsLogin } from '../login/dns-login';
import { GitHubAccessTokenLogin } from '../login/github-access-token-login';
import { GitHubOidcLogin } from '../login/github-oidc-login';
import { HttpLogin } from '../login/http-login';
import { OidcLogin } from '../login/oidc-login';
import { LoginError } from '../login-error';
import { RegistryTokenResponse } from '../token/registry-token.service';
import { ENDPOINT_NOT_FOUND, authProblem } from './auth-problem';
import { GitHubTokenRequest, OidcTokenRequest, SignedTimestampRequest, loginRequest } from './login-requests';

/**
 * The token exchanges, under /v0 and /v0.1 as in the official registry. Each answers 200
 * `{registry_token, expires_at}`, or a problem with the endpoint's fixed detail and, except for
 * GitHub access tokens (whose upstream error bodies must not be echoed), the reason in `errors`.
 */
@Controller(['v0/auth', 'v0.1/auth'])
export class AuthController {
  private readonly logger = new Logger('AuthController');

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    private readonly anonymous: AnonymousLogin,
    private readonly dns: DnsLogin,
    private readonly http: HttpLogin,
    private readonly githubAccessToken: GitHubAccessTokenLogin,
    private readonly githubOidc: GitHubOidcLogin,
    private readonly oidc: OidcLogin,
  ) {}

  @Post('none')
  @HttpCode(200)
  async none(): Promise<RegistryTokenResponse> {
    // Unregistered in the official registry unless enabled: the same 404 as any unknown route.
    if (!this.options.enableAnonymousAuth) throw authProblem(HttpStatus.NOT_FOUND, ENDPOINT_NOT_FOUND);
    try {
      return await this.anonymous.exchange();
    } catch (error) {
      throw authProblem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        'Failed to generate token',
        (error as Error).message,
      );
    }
  }

  @Post('dns')
  @HttpCode(200)
  exchangeDns(@Body() body: unknown): Promise<RegistryTokenResponse> {
    const request = loginRequest(SignedTimestampRequest, body);
    return refusedAs('DNS authentication failed', () => this.dns.exchange(request));
  }

  @Post('http')
  @HttpCode(200)
  exchangeHttp(@Body() body: unknown): Promise<RegistryTokenResponse> {
    const request = loginRequest(SignedTimestampRequest, body);
    return refusedAs('HTTP authentication failed', () => this.http.exchange(request));
  }

  @Post('github-at')
  @HttpCode(200)
  exchangeGitHubAccessToken(@Body() body: unknown): Promise<RegistryTokenResponse> {
    const request = loginRequest(GitHubTokenRequest, body);
    return refusedAs(
      'Token exchange failed',
      () => this.githubAccessToken.exchange(request.github_token),
      (reason) => this.logger.warn(`github-at token exchange failed: ${reason}`),
    );
  }

  @Post('github-oidc')
  @HttpCode(200)
  exchangeGitHubOidc(@Body() body: unknown): Promise<RegistryTokenResponse> {
    const request = loginRequest(OidcTokenRequest, body);
    return refusedAs('Token exchange failed', () => this.githubOidc.exchange(request.oidc_token));
  }

  @Post('oidc')
  @HttpCode(200)
  exchangeOidc(@Body() body: unknown): Promise<RegistryTokenResponse> {
    if (!this.options.oidc.enabled) throw authProblem(HttpStatus.NOT_FOUND, ENDPOINT_NOT_FOUND);
    const request = loginRequest(OidcTokenRequest, body);
    return refusedAs('Token exchange failed', () => this.oidc.exchange(request.oidc_token));
  }
}

/** A refused login is a 401 with the endpoint's detail; `hideReason` logs the reason instead of sending it. */
async function refusedAs(
  detail: string,
  login: () => Promise<RegistryTokenResponse>,
  hideReason?: (reason: string) => void,
): Promise<RegistryTokenResponse> {
  try {
    return await login();
  } catch (error) {
    if (!(error instanceof LoginError)) throw error;
    if (hideReason === undefined) throw authProblem(HttpStatus.UNAUTHORIZED, detail, error.message);
    hideReason(error.message);
    throw authProblem(HttpStatus.UNAUTHORIZED, detail);
  }
}
