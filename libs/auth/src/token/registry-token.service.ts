import { Inject, Injectable } from '@nestjs/common';
import { SignJWT, compactVerify, errors as joseErrors } from 'jose';
import { AUTH_OPTIONS, AuthOptions, Clock, clockOf } from '../auth-options';
import { Permission, RegistryClaims, permissionsAllow } from '../permissions/registry-permission';
import { RegistryTokenKey, registryTokenKeyFromSeed } from './registry-token-key';
import { registryClaimsFromPayload } from './registry-token-payload';

/** Five minutes, as the official registry: long enough to publish, short enough not to need revocation. */
export const REGISTRY_TOKEN_LIFETIME_MS = 5 * 60 * 1000;
export const REGISTRY_TOKEN_ISSUER = 'mcp-registry';

/** What a login method grants; times default to now and now + 5 minutes. */
export interface RegistryTokenGrant {
  authMethod: string;
  authMethodSubject: string;
  permissions: Permission[];
  issuedAt?: Date;
  expiresAt?: Date;
  notBefore?: Date;
  issuer?: string;
}

/** The body every login endpoint answers with. `expires_at` is in Unix seconds. */
export interface RegistryTokenResponse {
  registry_token: string;
  expires_at: number;
}

/** Why a token was not issued or not accepted; the message is the official error text. */
export class RegistryTokenError extends Error {
  override readonly name = 'RegistryTokenError';
}

const BLOCKED_NAMESPACE_MESSAGE =
  'your namespace is blocked. raise an issue at https://github.com/modelcontextprotocol/registry/ if you think this is a mistake';

/** Tokens whose signature was checked, kept until they expire (bounded). */
const VERIFIED_CACHE_LIMIT = 10_000;

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

@Injectable()
export class RegistryTokenService {
  private readonly key: RegistryTokenKey;
  private readonly clock: Clock;
  private readonly blockedNamespaces: readonly string[];
  private readonly verified = new Map<string, RegistryClaims>();

  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions) {
    this.key = registryTokenKeyFromSeed(options.jwtPrivateKeyHex);
    this.clock = clockOf(options);
    this.blockedNamespaces = options.blockedNamespaces ?? [];
  }

  async sign(grant: RegistryTokenGrant): Promise<RegistryTokenResponse> {
    this.refuseBlockedNamespaces(grant.permissions);
    const now = this.clock();
    const issuedAt = grant.issuedAt ?? now;
    const expiresAt = grant.expiresAt ?? new Date(now.getTime() + REGISTRY_TOKEN_LIFETIME_MS);
    const notBefore = grant.notBefore ?? now;
    // Claim order follows the official token (registered claims first), and an empty grant list is
    // `null` there (a nil Go slice), so tokens of both registries decode the same way.
    const payload = {
      iss: grant.issuer ?? REGISTRY_TOKEN_ISSUER,
      exp: seconds(expiresAt),
      nbf: seconds(notBefore),
      iat: seconds(issuedAt),
      auth_method: grant.authMethod,
      auth_method_sub: grant.authMethodSubject,
      permissions: grant.permissions.length > 0 ? grant.permissions : null,
    };
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
      .sign(this.key.privateKey);
    return { registry_token: token, expires_at: payload.exp };
  }

  /** Checks signature, algorithm, `exp` (required) and `nbf` against the injected clock. */
  async verify(token: string): Promise<RegistryClaims> {
    // A publisher sends the same token with every request for its 5 minutes: the Ed25519 check is
    // done once, and a cached token is still refused the moment it expires.
    const cached = this.verified.get(token);
    if (cached !== undefined) {
      if (cached.expiresAt.getTime() > this.clock().getTime()) return cached;
      this.verified.delete(token);
    }
    try {
      const claims = await this.verifyOrExplain(token);
      if (this.verified.size >= VERIFIED_CACHE_LIMIT)
        this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, claims);
      return claims;
    } catch (error) {
      if (error instanceof RegistryTokenError) throw error;
      throw new RegistryTokenError(`failed to parse token: ${(error as Error).message}`);
    }
  }

  private async verifyOrExplain(token: string): Promise<RegistryClaims> {
    const fail = (why: string): never => {
      throw new RegistryTokenError(`failed to parse token: ${why}`);
    };
    if (token.split('.').length !== 3)
      fail('token is malformed: token contains an invalid number of segments');
    let payloadBytes: Uint8Array;
    try {
      ({ payload: payloadBytes } = await compactVerify(token, this.key.publicKey, { algorithms: ['EdDSA'] }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEAlgNotAllowed) {
        return fail(`token signature is invalid: signing method ${headerAlg(token)} is invalid`);
      }
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
        return fail('token signature is invalid: ed25519: verification error');
      }
      return fail(`token is malformed: ${(error as Error).message}`);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(payloadBytes).toString('utf8'));
    } catch {
      return fail('token is malformed: could not JSON decode claim');
    }
    return registryClaimsFromPayload(payload, this.clock(), fail);
  }

  private refuseBlockedNamespaces(permissions: readonly Permission[]): void {
    if (permissions.some((p) => p.resource === '*')) return;
    for (const namespace of this.blockedNamespaces) {
      if (permissionsAllow(permissions, 'publish', `${namespace}/test`)) {
        throw new RegistryTokenError(BLOCKED_NAMESPACE_MESSAGE);
      }
    }
  }
}

function headerAlg(token: string): string {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    const alg = (header as { alg?: unknown }).alg;
    return typeof alg === 'string' ? alg : String(alg);
  } catch {
    return 'unknown';
  }
}
