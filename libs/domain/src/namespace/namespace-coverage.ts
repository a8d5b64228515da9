import type { NamespaceStanding } from '../entry/registry-events';
import type { ClaimState, NamespaceRegistryState } from './namespace-registry';

/** The namespace of a server name: what comes before the `/` (`com.example` of `com.example/api`). */
export function namespaceOfServerName(name: string): string {
  const slash = name.indexOf('/');
  return (slash < 0 ? name : name.slice(0, slash)).toLowerCase();
}

/**
 * Whether a claim speaks for a namespace: its own namespace always; a DNS claim also its subdomains'
 * (`com.example` covers `com.example.eu`), as DNS control of a zone implies the zone below it (ACME
 * DNS-01, and the registry's DNS login, do the same); an HTTP proof says nothing about other hosts.
 */
export function claimCoversNamespace(claim: Pick<ClaimState, 'namespace' | 'method'>, ns: string): boolean {
  const namespace = ns.toLowerCase();
  return (
    namespace === claim.namespace || (claim.method === 'dns' && namespace.startsWith(`${claim.namespace}.`))
  );
}

/** The claims that speak for a server name's namespace. */
export function claimsCovering(registry: NamespaceRegistryState, serverName: string): ClaimState[] {
  const ns = namespaceOfServerName(serverName);
  return [...registry.claims.values()].filter((claim) => claimCoversNamespace(claim, ns));
}

/**
 * The revoked claim that closes a namespace to publishing, if any: a namespace is closed when a claim
 * that once proved it has lost the proof for good, and no claim proves it now. Pending and failed
 * claims close nothing: anyone may claim anything, and an unproven claim must not block the owner.
 */
export function revokedClaimClosing(
  registry: NamespaceRegistryState,
  serverName: string,
): ClaimState | undefined {
  const covering = claimsCovering(registry, serverName);
  if (covering.some((claim) => claim.status === 'verified' || claim.status === 'grace')) return undefined;
  return covering
    .filter((claim) => claim.status === 'revoked')
    .sort((a, b) => b.statusChangedAt.localeCompare(a.statusChangedAt))[0];
}

/**
 * Where a server name's namespace stands: the claim that proves it (verified before grace; among
 * several, the most specific namespace, then the oldest proof), else the revoked claim that closes it
 * (as the publish gate decides), else none. Pending and failed claims say nothing about a namespace.
 */
export function namespaceStanding(
  registry: NamespaceRegistryState,
  serverName: string,
): NamespaceStanding | undefined {
  const covering = claimsCovering(registry, serverName);
  const rank = (claim: ClaimState): number => (claim.status === 'verified' ? 0 : 1);
  const proving = covering
    .filter((claim) => claim.status === 'verified' || claim.status === 'grace')
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        b.namespace.length - a.namespace.length ||
        (a.verifiedAt ?? a.statusChangedAt).localeCompare(b.verifiedAt ?? b.statusChangedAt),
    )[0];
  const claim = proving ?? revokedClaimClosing(registry, serverName);
  if (claim === undefined) return undefined;
  return {
    claimId: claim.claimId,
    namespace: claim.namespace,
    method: claim.method,
    status: claim.status as NamespaceStanding['status'],
    since: claim.statusChangedAt,
  };
}

/** The permissions a claim's publisher key grants: publish in the namespace (and below it, for dns). */
export function claimPublishResources(claim: Pick<ClaimState, 'namespace' | 'method'>): string[] {
  return claim.method === 'dns' ? [`${claim.namespace}/*`, `${claim.namespace}.*`] : [`${claim.namespace}/*`];
}

/** The auth method of a registry token a publisher key was exchanged for. */
export const PUBLISHER_KEY_AUTH_METHOD = 'api-key';

/** Such a token's subject names the claim and the key, so every write can ask whether both still live. */
export function publisherKeySubject(claimId: string, keyId: string): string {
  return `${claimId}/${keyId}`;
}

export function parsePublisherKeySubject(subject: string): { claimId: string; keyId: string } | undefined {
  const [claimId, keyId, ...rest] = subject.split('/');
  return claimId && keyId && rest.length === 0 ? { claimId, keyId } : undefined;
}
