import { JWTVerifyGetKey, compactVerify, createRemoteJWKSet } from 'jose';
import { goQuotedList, goTime } from './go-value-format';
import { audienceList, decodeJwtParts } from './jwt-parts';

const REQUEST_TIMEOUT_MS = 10_000;
/** go-oidc tolerates this much clock skew on `nbf`; `exp` gets none. */
const NOT_BEFORE_LEEWAY_MS = 5 * 60 * 1000;
const SUPPORTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
];

function goZeroTime(): Date {
  const zero = new Date(0);
  zero.setUTCFullYear(1, 0, 1);
  return zero;
}

interface Provider {
  algorithms: string[];
  keys: JWTVerifyGetKey;
}

/**
 * Verifies ID tokens of one OpenID provider the way the official registry does (coreos/go-oidc): keys
 * and algorithms from the provider's discovery document, whose `issuer` must equal the configured one;
 * then issuer, audience (the client id), expiry and not-before, then the signature; same error texts.
 * Discovery runs at the first login and is kept once it succeeds.
 */
export class OidcIdTokenVerifier {
  private provider: Promise<Provider> | undefined;

  constructor(
    private readonly issuer: string,
    private readonly clientId: string,
    private readonly now: () => Date,
  ) {}

  async verify(token: string): Promise<Record<string, unknown>> {
    const provider = await this.discover();
    const malformed = (why: string): Error => new Error(`oidc: malformed jwt: ${why}`);
    const { header, payload } = decodeJwtParts(token, malformed);
    if (typeof header['alg'] !== 'string' || !provider.algorithms.includes(header['alg'])) {
      throw malformed(
        `go-jose/go-jose: unexpected signature algorithm ${JSON.stringify(String(header['alg']))}; expected ${goQuotedList(provider.algorithms)}`,
      );
    }
    if (payload['iss'] !== this.issuer) {
      throw new Error(
        `oidc: id token issued by a different provider, expected ${JSON.stringify(this.issuer)} got ${JSON.stringify(String(payload['iss'] ?? ''))}`,
      );
    }
    if (this.clientId === '') {
      throw new Error(
        'oidc: invalid configuration, clientID must be provided or SkipClientIDCheck must be set',
      );
    }
    const audiences = audienceList(payload['aud']);
    if (!audiences.includes(this.clientId)) {
      throw new Error(
        `oidc: expected audience ${JSON.stringify(this.clientId)} got ${goQuotedList(audiences)}`,
      );
    }
    const now = this.now();
    // A missing `exp` is Go's zero time, so such a token is simply expired.
    const expiry = typeof payload['exp'] === 'number' ? new Date(payload['exp'] * 1000) : goZeroTime();
    if (expiry.getTime() < now.getTime())
      throw new Error(`oidc: token is expired (Token Expiry: ${goTime(expiry)})`);
    if (typeof payload['nbf'] === 'number') {
      const notBefore = new Date(payload['nbf'] * 1000);
      if (now.getTime() + NOT_BEFORE_LEEWAY_MS < notBefore.getTime()) {
        throw new Error(
          `oidc: current time ${goTime(now)} before the nbf (not before) time: ${goTime(notBefore)}`,
        );
      }
    }
    try {
      await compactVerify(token, provider.keys, { algorithms: provider.algorithms });
    } catch {
      throw new Error('failed to verify signature: failed to verify id token signature');
    }
    return payload;
  }

  private discover(): Promise<Provider> {
    if (this.provider === undefined) {
      this.provider = this.fetchProvider();
      this.provider.catch(() => (this.provider = undefined));
    }
    return this.provider;
  }

  private async fetchProvider(): Promise<Provider> {
    const url = `${this.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const failed = (why: string): Error => new Error(`failed to initialize OIDC provider: ${why}`);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw failed(`Get ${JSON.stringify(url)}: ${(error as Error).message}`);
    }
    const body = await response.text();
    if (response.status !== 200) throw failed(`${response.status} ${response.statusText}: ${body}`);
    let document: { issuer?: unknown; jwks_uri?: unknown; id_token_signing_alg_values_supported?: unknown };
    try {
      document = JSON.parse(body) as typeof document;
    } catch (error) {
      throw failed(`oidc: failed to decode provider discovery object: ${(error as Error).message}`);
    }
    if (document.issuer !== this.issuer) {
      throw failed(
        `oidc: issuer did not match the issuer returned by provider, expected ${JSON.stringify(this.issuer)} got ${JSON.stringify(String(document.issuer ?? ''))}`,
      );
    }
    if (typeof document.jwks_uri !== 'string')
      throw failed('oidc: provider discovery object has no jwks_uri');
    const advertised = Array.isArray(document.id_token_signing_alg_values_supported)
      ? document.id_token_signing_alg_values_supported.filter((a): a is string =>
          SUPPORTED_ALGORITHMS.includes(a),
        )
      : [];
    return {
      algorithms: advertised.length > 0 ? advertised : ['RS256'],
      keys: createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: REQUEST_TIMEOUT_MS }),
    };
  }
}
