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
}
