import type { ClaimState, PublisherKeyState } from '@registry/domain/namespace';

type Json = Record<string, unknown>;

/** `com.example` -> `example.com`. */
function domainOf(namespace: string): string {
  return namespace.split('.').reverse().join('.');
}

/** What the claimant must put where: the answer says it, so no one has to read the docs to prove a claim. */
export function proofInstructions(claim: ClaimState, githubRequirements: string): Json {
  const domain = domainOf(claim.namespace);
  switch (claim.method) {
    case 'dns':
      return {
        type: 'TXT',
        name: `_mcp-registry-challenge.${domain}`,
        value: `mcp-registry-verification=${claim.challenge}`,
        covers: [`${claim.namespace}/*`, `${claim.namespace}.*/*`],
      };
    case 'http':
      return {
        url: `https://${domain}/.well-known/mcp-registry-verification`,
        body: claim.challenge,
        covers: [`${claim.namespace}/*`],
      };
    case 'github':
      return {
        account: claim.namespace.slice('io.github.'.length),
        requirements: githubRequirements,
        covers: [`${claim.namespace}/*`],
      };
  }
}

export function keyView(key: PublisherKeyState): Json {
  return {
    id: key.keyId,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt ?? null,
    ...(key.revokedAt !== undefined ? { revokedAt: key.revokedAt } : {}),
  };
}

export function claimView(claim: ClaimState, githubRequirements: string): Json {
  return {
    id: claim.claimId,
    namespace: claim.namespace,
    method: claim.method,
    status: claim.status,
    reason: claim.reason,
    ...(claim.method !== 'github' ? { challenge: claim.challenge } : {}),
    proof: proofInstructions(claim, githubRequirements),
    createdAt: claim.claimedAt,
    statusChangedAt: claim.statusChangedAt,
    ...(claim.status === 'pending' ? { expiresAt: claim.expiresAt } : {}),
    ...(claim.status === 'grace' && claim.graceEndsAt !== undefined
      ? { graceEndsAt: claim.graceEndsAt }
      : {}),
    ...(claim.verifiedAt !== undefined ? { verifiedAt: claim.verifiedAt } : {}),
    ...(claim.lastCheckedAt !== undefined ? { lastCheckedAt: claim.lastCheckedAt } : {}),
    ...(claim.lastProvenAt !== undefined ? { lastProvenAt: claim.lastProvenAt } : {}),
    ...(claim.diagnosis !== undefined ? { diagnosis: claim.diagnosis } : {}),
    keys: [...claim.keys.values()].map(keyView),
  };
}
