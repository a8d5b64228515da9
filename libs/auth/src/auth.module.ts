import { DynamicModule, Module } from '@nestjs/common';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { AuthController } from './http/auth.controller';
import { RegistryTokenGuard } from './http/registry-token.guard';
import { AnonymousLogin } from './login/anonymous-login';
import { DnsLogin, DnsTxtLookup } from './login/dns-login';
import { GitHubAccessTokenLogin } from './login/github-access-token-login';
import { GitHubOidcLogin } from './login/github-oidc-login';
import { HttpLogin } from './login/http-login';
import { OidcLogin } from './login/oidc-login';
import { RegistryTokenService } from './token/registry-token.service';

/**
 * Registry tokens and every way to get one. Global, so any controller can use RegistryTokenGuard and
 * RegistryTokenService; import it once, in the app's root module.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    checkOptions(options);
    return {
      module: AuthModule,
      global: true,
      controllers: [AuthController],
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        RegistryTokenService,
        RegistryTokenGuard,
        AnonymousLogin,
        DnsTxtLookup,
        DnsLogin,
        HttpLogin,
        GitHubAccessTokenLogin,
        GitHubOidcLogin,
        OidcLogin,
      ],
      exports: [AUTH_OPTIONS, RegistryTokenService, RegistryTokenGuard],
    };
  }
}

/** Bad settings fail at start-up, not at the first login. */
function checkOptions(options: AuthOptions): void {
  if (!/^[0-9a-fA-F]{64}$/.test(options.jwtPrivateKeyHex)) {
    throw new Error('auth: jwtPrivateKeyHex must be 64 hex characters (a 32-byte Ed25519 seed)');
  }
  if (options.oidc.enabled && options.oidc.issuer === '') {
    throw new Error('auth: oidc.issuer is required when OIDC is enabled');
  }
}
