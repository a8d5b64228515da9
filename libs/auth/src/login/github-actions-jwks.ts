import { JWK } from 'jose';

const REQUEST_TIMEOUT_MS = 10_000;
const CACHE_MS = 10 * 60 * 1000;

/**
 * The RSA keys of the GitHub Actions issuer, read from `<issuer>/.well-known/jwks` as the official
 * registry does (no discovery). Cached for ten minutes, and re-read when a token names an unknown key id,
 * so a key rotation is picked up at once.
 */
export class GitHubActionsJwks {
  private cached: { at: number; keys: JWK[] } | undefined;

  constructor(
    private readonly issuer: string,
    private readonly now: () => Date,
  ) {}

  /** Errors carry the official texts, e.g. "key with ID x not found". */
  async rsaKey(kid: string): Promise<JWK> {
    let key = this.fresh()?.find((k) => k.kid === kid);
    if (key === undefined) {
      const keys = await this.fetchKeys().catch((error: Error) => {
        throw new Error(`failed to fetch JWKS: ${error.message}`);
      });
      this.cached = { at: this.now().getTime(), keys };
      key = keys.find((k) => k.kid === kid);
    }
    if (key === undefined) throw new Error(`key with ID ${kid} not found`);
    if (key.kty !== 'RSA') throw new Error(`invalid key type: expected RSA, got ${key.kty ?? ''}`);
    return key;
  }

  private fresh(): JWK[] | undefined {
    if (this.cached === undefined || this.now().getTime() - this.cached.at > CACHE_MS) return undefined;
    return this.cached.keys;
  }

  private async fetchKeys(): Promise<JWK[]> {
    const url = `${this.issuer.replace(/\/+$/, '')}/.well-known/jwks`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new Error(`failed to fetch JWKS: ${(error as Error).message}`);
    }
    const body = await response.text();
    if (response.status !== 200) throw new Error(`JWKS endpoint returned status ${response.status}: ${body}`);
    try {
      const keys = (JSON.parse(body) as { keys?: unknown }).keys;
      return Array.isArray(keys) ? (keys as JWK[]) : [];
    } catch (error) {
      throw new Error(`failed to decode JWKS: ${(error as Error).message}`);
    }
  }
}
