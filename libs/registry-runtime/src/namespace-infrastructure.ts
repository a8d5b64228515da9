import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Provider } from '@nestjs/common';
import {
  NAMESPACE_CLAIM_POLICY,
  NAMESPACE_PROOF_CHECKER,
  NamespaceClaimPolicy,
  NamespaceSettings,
  NamespaceVerifier,
} from '@registry/application';
import { RegistryConfig } from '@registry/config';
import { DEFAULT_CLAIM_SCHEDULE } from '@registry/domain/namespace';
import {
  CompositeNamespaceProofChecker,
  GITHUB_PROOF_REQUIREMENTS,
  claimDomain,
  githubAccount,
} from '@registry/namespace-proof';
import { RegistryRole } from './registry-engines';

/** Processes that serve the claim endpoints (api) or run the verifier (verifier) need the checkers. */
export function servesNamespaces(roles: ReadonlySet<RegistryRole>): boolean {
  return roles.has('api') || roles.has('verifier');
}

/** A public suffix, a shared pages host or a malformed name can be claimed by no one. */
export const namespaceClaimPolicy: NamespaceClaimPolicy = {
  refusal(namespace, method) {
    const target = method === 'github' ? githubAccount(namespace) : claimDomain(namespace);
    return target.ok ? undefined : target.reason;
  },
};

export function namespaceSettingsOf(config: RegistryConfig): NamespaceSettings {
  const n = config.namespaces;
  return {
    schedule: {
      ...DEFAULT_CLAIM_SCHEDULE,
      pendingWindowMs: n.pendingWindowMs,
      pendingFirstDelayMs: n.pendingFirstDelayMs,
      pendingMaxDelayMs: Math.max(n.pendingFirstDelayMs, DEFAULT_CLAIM_SCHEDULE.pendingMaxDelayMs),
      recheckIntervalMs: n.recheckIntervalMs,
      graceMs: n.graceMs,
      graceRecheckMs: Math.min(DEFAULT_CLAIM_SCHEDULE.graceRecheckMs, n.recheckIntervalMs),
    },
    limits: { maxClaimsPerOwner: n.claimsPerOwner, maxKeysPerClaim: n.keysPerClaim },
    sweepIntervalMs: n.sweepIntervalMs,
    checkConcurrency: 8,
    githubRequirements: GITHUB_PROOF_REQUIREMENTS,
  };
}

export function namespaceProviders(config: RegistryConfig, roles: ReadonlySet<RegistryRole>): Provider[] {
  if (!servesNamespaces(roles)) return [];
  const httpTemplate = config.namespaces.httpProofBaseUrl;
  return [
    {
      provide: NAMESPACE_PROOF_CHECKER,
      useFactory: () =>
        new CompositeNamespaceProofChecker({
          dnsResolvers: config.dnsResolvers,
          githubApiBaseUrl: config.github.apiBaseUrl,
          allowPrivateAddresses: config.outboundAllowPrivate,
          // Tests only (MCP_REGISTRY_NAMESPACE_HTTP_BASE_URL): no loopback server can answer for https://<domain>.
          ...(httpTemplate !== undefined
            ? { httpBaseUrl: (domain: string) => httpTemplate.split('{domain}').join(domain) }
            : {}),
        }),
    },
    { provide: NAMESPACE_CLAIM_POLICY, useValue: namespaceClaimPolicy },
    ...(roles.has('verifier') ? [NamespaceVerifierRunner] : []),
  ];
}

export const NAMESPACE_PORTS = [NAMESPACE_PROOF_CHECKER, NAMESPACE_CLAIM_POLICY];

/** Runs the namespace verifier's workers and declares its sweep (the verifier app, the all-in-one app). */
@Injectable()
export class NamespaceVerifierRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private workers: Array<{ close(): Promise<void> }> = [];

  constructor(@Inject(NamespaceVerifier) private readonly verifier: NamespaceVerifier) {}

  async onApplicationBootstrap(): Promise<void> {
    this.workers = this.verifier.startWorkers();
    await this.verifier.scheduleSweep();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
