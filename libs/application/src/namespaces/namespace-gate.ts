import { Injectable } from '@nestjs/common';
import { NamespaceStanding, RegistryError } from '@registry/domain/entry';
import {
  NAMESPACE_MESSAGES,
  PUBLISHER_KEY_AUTH_METHOD,
  namespaceStanding,
  parsePublisherKeySubject,
  revokedClaimClosing,
} from '@registry/domain/namespace';
import type { Authority } from '../commands/registry-command-context';
import { NamespaceRegistryRepository } from './namespace-registry-repository';

/**
 * What namespace claims say about a write: a token exchanged for a publisher key stops working the
 * moment the key or its claim is revoked (not when the token expires), and a namespace whose claim
 * was revoked takes no publishes until a claim proves it again. Reads the claims as of at most a
 * fraction of a second ago, so the publish path pays no read of the log per request.
 */
@Injectable()
export class NamespaceGate {
  constructor(private readonly repository: NamespaceRegistryRepository) {}

  /** See standingOf. */
  standing(name: string): Promise<NamespaceStanding | undefined> {
    return standingOf(this.repository, name);
  }

  async check(name: string, authority: Authority): Promise<void> {
    if (authority.kind === 'system') return;
    const registry = await this.repository.recent();
    if (authority.actor.method === PUBLISHER_KEY_AUTH_METHOD) {
      const ref = parsePublisherKeySubject(authority.actor.subject);
      const claim = ref === undefined ? undefined : registry.claims.get(ref.claimId);
      const key = ref === undefined ? undefined : claim?.keys.get(ref.keyId);
      if (claim === undefined || key === undefined || key.revokedAt !== undefined) {
        throw new RegistryError('forbidden', NAMESPACE_MESSAGES.keyRevoked);
      }
      if (claim.status !== 'verified' && claim.status !== 'grace') {
        throw new RegistryError('forbidden', NAMESPACE_MESSAGES.keyClaimLapsed(claim));
      }
    }
    if (registry.claims.size === 0 || isGlobal(authority)) return;
    const closing = revokedClaimClosing(registry, name);
    if (closing !== undefined)
      throw new RegistryError('forbidden', NAMESPACE_MESSAGES.revoked(closing, name));
  }
}

/**
 * Where a server name's namespace stands with the claims, for a publish to record in the same append
 * (as of the same fraction of a second as the gate's check).
 */
export async function standingOf(
  repository: NamespaceRegistryRepository,
  name: string,
): Promise<NamespaceStanding | undefined> {
  const registry = await repository.recent();
  return registry.claims.size === 0 ? undefined : namespaceStanding(registry, name);
}

/** An administrator's token (publish on `*`) is not held back: it is how an operator repairs a namespace. */
function isGlobal(authority: Authority): boolean {
  return authority.kind === 'token' && authority.permissions.some((p) => p.resource === '*');
}
