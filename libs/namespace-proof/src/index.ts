export { CompositeNamespaceProofChecker } from './namespace-proof-checker';
export type { NamespaceProofOptions } from './namespace-proof-checker';
export { claimDomain, githubAccount } from './namespace-domain';
export type { ClaimDomain, ClaimGitHubAccount } from './namespace-domain';
export {
  DNS_CHALLENGE_LABEL,
  DNS_PROOF_TIMEOUT_MS,
  DNS_RECORD_PREFIX,
  DnsProofChecker,
} from './dns-proof-checker';
export type { DnsProofCheckerOptions } from './dns-proof-checker';
export {
  HTTP_PROOF_MAX_BYTES,
  HTTP_PROOF_PATH,
  HTTP_PROOF_TIMEOUT_MS,
  HttpProofChecker,
} from './http-proof-checker';
export type { HttpProofCheckerOptions } from './http-proof-checker';
export { GITHUB_API_TIMEOUT_MS, GITHUB_PROOF_REQUIREMENTS, GitHubProofChecker } from './github-proof-checker';
export type { GitHubProofCheckerOptions } from './github-proof-checker';
export { NamespaceRefusedError } from './proof-outcome';
