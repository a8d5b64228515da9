import type {
  NamespaceProofChecker,
  NamespaceProofRequest,
  NamespaceProofResult,
} from '@registry/application/ports/namespace-proof.port';
import { DnsProofChecker } from './dns-proof-checker';
import { GitHubProofChecker } from './github-proof-checker';
import { HttpProofChecker } from './http-proof-checker';
import { claimDomain, githubAccount } from './namespace-domain';
import { NamespaceRefusedError, failed } from './proof-outcome';

export interface NamespaceProofOptions {
  /** `host:port` resolvers for the dns method (MCP_REGISTRY_DNS_RESOLVER); the system's when empty. */
  dnsResolvers: string[];
  /** Default 5 s, one try. */
  dnsTimeoutMs?: number;
  /** https://api.github.com, or a loopback fake in tests. */
  githubApiBaseUrl: string;
  /** false in production: the http method never connects to private, loopback or link-local addresses. */
  allowPrivateAddresses: boolean;
  /** Where https://<domain> is served; tests answer for it from a plain-HTTP loopback server. */
  httpBaseUrl?: (domain: string) => string;
  /** Default 10 s. */
  httpTimeoutMs?: number;
  /** Default 10 s. */
  githubTimeoutMs?: number;
}

/**
 * The checker the verifier calls: the namespace turned into what the method proves (a domain,
 * a GitHub account), then the method's own checker. A namespace no method can prove fails with
 * `namespace-refused` (not retryable): the claim API refuses such claims before any check, but a
 * verified claim's namespace can become a public suffix later, and its rechecks must then say so.
 */
export class CompositeNamespaceProofChecker implements NamespaceProofChecker {
  private readonly dns: DnsProofChecker;
  private readonly http: HttpProofChecker;
  private readonly github: GitHubProofChecker;

  constructor(options: NamespaceProofOptions) {
    this.dns = new DnsProofChecker({ resolvers: options.dnsResolvers, timeoutMs: options.dnsTimeoutMs });
    this.http = new HttpProofChecker({
      allowPrivateAddresses: options.allowPrivateAddresses,
      baseUrl: options.httpBaseUrl,
      timeoutMs: options.httpTimeoutMs,
    });
    this.github = new GitHubProofChecker({
      apiBaseUrl: options.githubApiBaseUrl,
      timeoutMs: options.githubTimeoutMs,
    });
  }

  async check(request: NamespaceProofRequest): Promise<NamespaceProofResult> {
    const { namespace, method, token } = request;
    if (method === 'github') {
      const target = githubAccount(namespace);
      if (!target.ok) return refused(namespace, target.reason);
      return this.github.check(target.account, request.githubToken);
    }
    const target = claimDomain(namespace);
    if (!target.ok) return refused(namespace, target.reason);
    return method === 'dns' ? this.dns.check(target.domain, token) : this.http.check(target.domain, token);
  }
}

function refused(namespace: string, reason: string): NamespaceProofResult {
  const error = new NamespaceRefusedError(namespace, reason);
  return failed({ code: 'namespace-refused', message: error.message, checked: namespace });
}
