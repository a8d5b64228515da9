import { Inject, Injectable, Logger } from '@nestjs/common';
import { SYSTEM_ACTOR, decideNamespaceStanding } from '@registry/domain/entry';
import {
  ClaimState,
  NamespaceRegistryState,
  claimCoversNamespace,
  namespaceOfServerName,
  namespaceStanding,
} from '@registry/domain/namespace';
import { EntryWriter } from '../entries/entry-writer';
import { READ_MODEL, ReadModel } from '../ports/read-model.port';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { NamespaceRegistryRepository } from './namespace-registry-repository';

/** Entries read per page while looking for a namespace's servers. */
const PAGE = 100;
/** How long after a release its namespace is still reconciled by the sweep (a crash in between). */
const RELEASED_RECONCILE_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps each entry's namespace standing (the claim state its versions show under the registry's own
 * `_meta` key) in line with the claims. Level-triggered like a controller: whoever changes a claim
 * reconciles its namespace at once, and every sweep reconciles every namespace a claim ever proved,
 * so a crash between the claim's event and the entries' costs a sweep's delay, never a wrong state.
 * Publishes set the standing of the entry they write in the same append (PublishServerVersion).
 */
@Injectable()
export class NamespaceStandings {
  private readonly logger = new Logger(NamespaceStandings.name);

  constructor(
    private readonly repository: NamespaceRegistryRepository,
    private readonly writer: EntryWriter,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** Reconciles the entries of one claim's namespace (and, for DNS, the namespaces below it). */
  async reconcile(claim: Pick<ClaimState, 'namespace' | 'method'>): Promise<number> {
    const registry = await this.repository.current();
    let changed = 0;
    for (const name of await this.namesUnder(claim.namespace)) {
      if (!claimCoversNamespace(claim, namespaceOfServerName(name))) continue;
      if (await this.reconcileEntry(registry, name)) changed++;
    }
    return changed;
  }

  /** Every namespace a claim proved, or a recent release left: the sweep's safety net. */
  async reconcileAll(): Promise<number> {
    const registry = await this.repository.current();
    const now = this.clock.now().getTime();
    const claims = [
      ...[...registry.claims.values()].filter((c) => c.verifiedAt !== undefined),
      ...[...registry.released.values()].filter(
        (c) => now - Date.parse(c.releasedAt) < RELEASED_RECONCILE_MS,
      ),
    ];
    const seen = new Set<string>();
    let changed = 0;
    for (const claim of claims) {
      const key = `${claim.method === 'dns' ? 'dns' : 'exact'}:${claim.namespace}`;
      if (seen.has(key)) continue;
      seen.add(key);
      try {
        changed += await this.reconcile(claim);
      } catch (error) {
        // One namespace's failure (the log unreachable) must not stop the others'; the next sweep retries.
        this.logger.warn(`reconciling ${claim.namespace}: ${(error as Error).message}`);
      }
    }
    return changed;
  }

  /** Appends the entry's standing when it differs from what the claims say; whether it did. */
  private async reconcileEntry(registry: NamespaceRegistryState, name: string): Promise<boolean> {
    const standing = namespaceStanding(registry, name);
    const { result } = await this.writer.write(
      name,
      (entry) =>
        decideNamespaceStanding(entry, standing, {
          now: this.clock.now(),
          newId: () => this.ids.newId(),
          actor: { ...SYSTEM_ACTOR, subject: 'verifier' },
        }),
      false,
    );
    return result.events.length > 0;
  }

  /** The server names whose text contains the namespace (the read model's search), deleted included. */
  private async namesUnder(namespace: string): Promise<string[]> {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.readModel.listServers({
        limit: PAGE,
        search: namespace,
        version: 'latest',
        includeDeleted: true,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      for (const item of page.items)
        names.push((JSON.parse(item) as { server: { name: string } }).server.name);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return names;
  }
}
