import type { ClaimState } from './namespace-registry';

export const NAMESPACE_MESSAGES = {
  claimNotFound: 'Namespace claim not found',
  keyNotFound: 'Publisher key not found',
  invalidNamespace: (namespace: string) =>
    `invalid namespace ${JSON.stringify(namespace)}: expected a reversed domain such as com.example, lower case`,
  githubNamespaceNeedsGithub: (namespace: string) =>
    `${namespace} is a GitHub namespace: claim it with method "github" (io.github.<user or organisation>)`,
  githubMethodNeedsGithubNamespace: (namespace: string) =>
    `method "github" proves io.github.<user or organisation> namespaces only, not ${namespace}`,
  githubTokenRequired: 'method "github" needs githubToken: a GitHub token the verifier reads your role with',
  duplicate: (existing: ClaimState) =>
    `you already claim ${existing.namespace} with ${existing.method} (claim ${existing.claimId}, ${existing.status}); ` +
    'verify or delete that claim instead',
  tooMany: (max: number) => `at most ${max} namespace claims per owner; delete one first`,
  keysNeedProof: (claim: ClaimState) =>
    `claim ${claim.claimId} is ${claim.status}: only a verified claim creates publisher keys`,
  tooManyKeys: (max: number) => `at most ${max} live publisher keys per claim; revoke one first`,
  keyAlreadyRevoked: 'the publisher key is already revoked',
  invalidKeyName: 'key name must be 1 to 100 printable characters',
  revoked: (claim: ClaimState, name: string) =>
    `publishing ${name} is refused: namespace claim ${claim.claimId} for ${claim.namespace} was revoked at ` +
    `${claim.statusChangedAt} (${claim.reason}). Prove the namespace again (POST .../namespaces/${claim.claimId}/verify) ` +
    'or claim it anew (POST .../namespaces); a verified claim reopens it',
  keyRevoked: 'this token was exchanged for a publisher key that has been revoked; it no longer publishes',
  keyClaimLapsed: (claim: ClaimState) =>
    `this token was exchanged for a publisher key of namespace claim ${claim.claimId}, which is ${claim.status} ` +
    `(${claim.reason}); its keys publish again once the claim is proven`,
} as const;

/** Reasons recorded with a status change, in words the claim's owner reads in GET. */
export const CLAIM_REASONS = {
  proven: (checked: string) => `proven: ${checked}`,
  restored: (checked: string) => `proven again: ${checked}`,
  expired: (why: string) => `no proof within the pending window: ${why}`,
  lost: (why: string) => `the proof is gone: ${why}`,
  revoked: (why: string) => `the grace ended without the proof: ${why}`,
  reopened: 'verify asked: waiting for the proof again',
} as const;
