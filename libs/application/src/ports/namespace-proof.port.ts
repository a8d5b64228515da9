/** How a publisher proves a namespace: a DNS TXT record, a file over HTTPS, or a GitHub account role. */
export type NamespaceProofMethod = 'dns' | 'http' | 'github';

export const NAMESPACE_PROOF_METHODS: readonly NamespaceProofMethod[] = ['dns', 'http', 'github'];

/** What the verifier asks a checker to prove, once or on every recheck of a verified claim. */
export interface NamespaceProofRequest {
  /** The claimed namespace: `com.example` (dns, http) or `io.github.<account>` (github). */
  namespace: string;
  method: NamespaceProofMethod;
  /** The claim's challenge (dns, http): at least 128 bits, base64url; the github method ignores it. */
  token: string;
  /** github only: the GitHub token the claimant gave, in clear text (the log keeps it sealed). */
  githubToken?: string;
}

/**
 * Why a proof failed, in words a publisher can act on: what was expected where, and what was
 * seen instead. `code` is stable (clients and tests match on it); `message` is for people.
 */
export interface NamespaceProofDiagnosis {
  code: NamespaceProofFailureCode;
  message: string;
  /** Where the checker looked: the DNS name, the URL, the GitHub API call. */
  checked: string;
  expected?: string;
  seen?: string;
}

export type NamespaceProofFailureCode =
  /** No proof can be about it (it became a public suffix since it was claimed): never retried. */
  | 'namespace-refused'
  | 'record-missing'
  | 'record-at-apex'
  | 'wrong-token'
  | 'several-records'
  | 'nxdomain'
  | 'timeout'
  | 'dns-error'
  | 'http-status'
  | 'redirect'
  | 'too-large'
  | 'wrong-body'
  | 'tls'
  | 'connection'
  | 'address-refused'
  | 'github-token-invalid'
  | 'github-account-mismatch'
  | 'github-not-member'
  | 'github-not-owner'
  | 'github-scope-missing'
  | 'github-sso-required'
  | 'github-rate-limited'
  | 'github-error';

export type NamespaceProofResult =
  | { outcome: 'proven'; checked: string }
  /**
   * `retryable`: the answer says nothing about the proof (timeout, SERVFAIL, rate limit, 5xx).
   * `timeout` is used by all three methods.
   */
  | { outcome: 'failed'; diagnosis: NamespaceProofDiagnosis; retryable: boolean };

/** Checks one proof against the outside world (DNS, the domain's web server, GitHub). */
export interface NamespaceProofChecker {
  check(request: NamespaceProofRequest): Promise<NamespaceProofResult>;
}

export const NAMESPACE_PROOF_CHECKER = Symbol('NamespaceProofChecker');

/**
 * Whether a namespace can be claimed by a method at all: a public suffix (`com`, `co.uk`,
 * `github.io`) belongs to no one, whatever its DNS says. Undefined when it can, else why not.
 */
export interface NamespaceClaimPolicy {
  refusal(namespace: string, method: NamespaceProofMethod): string | undefined;
}

export const NAMESPACE_CLAIM_POLICY = Symbol('NamespaceClaimPolicy');
