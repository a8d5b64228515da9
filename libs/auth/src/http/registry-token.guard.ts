import { CanActivate, ExecutionContext, HttpStatus, Injectable, createParamDecorator } from '@nestjs/common';
import { RegistryClaims } from '../permissions/registry-permission';
import { RegistryTokenService } from '../token/registry-token.service';
import { authProblem } from './auth-problem';
import { validationFailed } from './login-requests';

/** The request as the guard sees it; Fastify and Express requests both fit. */
export interface RegistryTokenRequest {
  headers: Record<string, string | string[] | undefined>;
  registryClaims?: RegistryClaims;
}

const BEARER_PREFIX = 'bearer ';

/**
 * Admits requests with a valid registry token (`Authorization: Bearer <token>`) and leaves its claims
 * on `request.registryClaims`. Failures as the official registry: a missing header is a 422 validation
 * error (the header is a required parameter there), a malformed one or a bad token a 401.
 */
@Injectable()
export class RegistryTokenGuard implements CanActivate {
  constructor(private readonly tokens: RegistryTokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RegistryTokenRequest>();
    const value = authorizationHeaderOf(request);
    if (value === undefined) throw validationFailed([MISSING_AUTHORIZATION]);
    request.registryClaims = await bearerClaims(this.tokens, value);
    return true;
  }
}

/** The huma error entry for a request without the required Authorization header (a 422, not a 401). */
export const MISSING_AUTHORIZATION = {
  message: 'required header parameter is missing',
  location: 'header.Authorization',
  value: '',
};

/** The Authorization header, or undefined when absent or empty. */
export function authorizationHeaderOf(request: Pick<RegistryTokenRequest, 'headers'>): string | undefined {
  const header = request.headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The claims of `Authorization: Bearer <token>`, or the official 401s: a header of another form, or
 * a token that is not valid now. Endpoints that must report body-shape errors before authentication
 * (as the official registry does) call this themselves instead of using the guard.
 */
export async function bearerClaims(tokens: RegistryTokenService, value: string): Promise<RegistryClaims> {
  if (
    value.length < BEARER_PREFIX.length ||
    value.slice(0, BEARER_PREFIX.length).toLowerCase() !== BEARER_PREFIX
  ) {
    throw authProblem(
      HttpStatus.UNAUTHORIZED,
      "Invalid Authorization header format. Expected 'Bearer <token>'",
    );
  }
  try {
    return await tokens.verify(value.slice(BEARER_PREFIX.length));
  } catch (error) {
    throw authProblem(
      HttpStatus.UNAUTHORIZED,
      'Invalid or expired Registry JWT token',
      (error as Error).message,
    );
  }
}

/** The claims RegistryTokenGuard left on the request; calling it on an unguarded route is a bug. */
export function registryClaimsOf(request: RegistryTokenRequest): RegistryClaims {
  if (request.registryClaims === undefined) {
    throw new Error('no registry claims on this request: is the route guarded by RegistryTokenGuard?');
  }
  return request.registryClaims;
}

/** `@RegistryClaimsParam() claims: RegistryClaims` in a handler guarded by RegistryTokenGuard. */
export const RegistryClaimsParam = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  registryClaimsOf(context.switchToHttp().getRequest<RegistryTokenRequest>()),
);
