import { Inject, Injectable } from '@nestjs/common';
import { OutboundHttp, OutboundHttpError } from '@registry/outbound-http';
import { AUTH_OPTIONS, AuthOptions, Clock, clockOf } from '../auth-options';
import { proveDomain } from '../proof/domain-proof-exchange';
import { SignedTimestampProof } from '../proof/signed-timestamp';
import { RegistryTokenResponse, RegistryTokenService } from '../token/registry-token.service';
import { issueToken } from './issue-token';

export const HTTP_PROOF_PATH = '/.well-known/mcp-registry-auth';
/** Limits of the official fetcher: 4 KB of body, 10 s, no redirects (a 3xx is just not a 200). */
export const HTTP_PROOF_MAX_BYTES = 4096;
export const HTTP_PROOF_TIMEOUT_MS = 10_000;

/** POST auth/http: a signed timestamp checked against the key served at https://<domain>/.well-known/mcp-registry-auth. */
@Injectable()
export class HttpLogin {
  private readonly clock: Clock;
  private readonly http: OutboundHttp;
  private readonly baseUrl: (domain: string) => string;

  constructor(
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    private readonly tokens: RegistryTokenService,
  ) {
    this.clock = clockOf(options);
    this.baseUrl = options.httpProofBaseUrl ?? ((domain) => `https://${domain}`);
    this.http = new OutboundHttp({
      allowPrivateAddresses: options.outboundAllowPrivate,
      timeoutMs: HTTP_PROOF_TIMEOUT_MS,
      maxBodyBytes: HTTP_PROOF_MAX_BYTES,
      userAgent: 'mcp-registry/1.0',
    });
  }

  async exchange(proof: SignedTimestampProof): Promise<RegistryTokenResponse> {
    const proven = await proveDomain(proof, 'http', this.clock(), async (domain) => [
      await this.fetchKey(domain),
    ]);
    return issueToken(this.tokens, {
      authMethod: 'http',
      authMethodSubject: proven.domain,
      permissions: proven.permissions,
    });
  }

  private async fetchKey(domain: string): Promise<string> {
    const url = `${this.baseUrl(domain).replace(/\/+$/, '')}${HTTP_PROOF_PATH}`;
    const failed = (why: string): Error => new Error(`failed to fetch public key: ${why}`);
    let response;
    try {
      response = await this.http.get(url, { headers: { accept: 'text/plain' } });
    } catch (error) {
      if (error instanceof OutboundHttpError && error.code === 'too-large') {
        throw failed('HTTP auth key response too large');
      }
      throw failed(`failed to fetch key: Get ${JSON.stringify(url)}: ${(error as Error).message}`);
    }
    if (response.status !== 200) throw failed(`HTTP ${response.status}: failed to fetch key from ${url}`);
    if (response.truncated) throw failed('HTTP auth key response too large');
    return response.text().trim();
  }
}
