import type { UpstreamNameFilter } from '@registry/domain/upstream';

export const MIRROR_SETTINGS = Symbol('MirrorSettings');

export interface MirrorSettings {
  url: string;
  /** The mode asked for (`auto` resolves to feed or poll when the source is opened). */
  requestedMode: 'auto' | 'feed' | 'poll';
  names: UpstreamNameFilter;
  /** Wait between polls once caught up (`updated_since` polling). */
  pollMs: number;
  /** Wait between reads of a change feed once caught up. */
  feedPollMs: number;
  /** Wait after a failed read, doubled up to this times 16. */
  retryMs: number;
  /**
   * Where the upstream can deliver webhooks to this registry (MCP_REGISTRY_PUBLIC_URL and the
   * extension path); absent: the mirror does not subscribe, and reads the feed every feedPollMs.
   */
  webhookEndpoint?: string;
  /** MCP_REGISTRY_UPSTREAM_TOKEN: a registry token of the upstream to subscribe with (else anonymous). */
  upstreamToken?: string;
  /** Between feed reads while webhooks wake the mirror: the feed then only fills gaps. */
  feedPollWithWebhooksMs: number;
  /**
   * Started and stopped by a lease holder (a fleet's federation replicas share one Redis lease, so
   * one mirrors at a time) rather than at start-up.
   */
  leased?: boolean;
}
