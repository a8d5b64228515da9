import type { MirroredVersion } from '@registry/domain/entry';
import type { UpstreamPosition } from '@registry/domain/upstream';

/** What one read of the upstream brought: versions in the order to apply them, and where it got to. */
export interface UpstreamBatch {
  versions: MirroredVersion[];
  position: UpstreamPosition;
  /** Nothing more to read now: the mirror waits before asking again. */
  caughtUp: boolean;
}

/**
 * Another registry this one follows: its change feed (every change, in order) or, for a registry
 * without one such as the official, `GET /v0/servers?updated_since=` polling.
 */
export interface UpstreamSource {
  readonly url: string;
  /** Known once `open` has resolved. */
  readonly mode: 'feed' | 'poll';
  /**
   * Finds out how to follow the upstream (its registry card); idempotent once it has succeeded. A
   * failure to reach the upstream throws, to be tried again, rather than settling for polling.
   */
  open(): Promise<void>;
  /**
   * Subscribes `endpoint` to the upstream's webhooks (its registry card names its subscriptions),
   * logging in with `token` or, when none is given, anonymously if the upstream allows it. Answers
   * why not when it cannot (no subscriptions offered, no way to log in, refused).
   */
  subscribeWebhooks(
    endpoint: string,
    token: string | undefined,
  ): Promise<{ subscriptionId: string; secret: string } | { refused: string }>;
  /** Reads the next batch after `position` (undefined: from the beginning). */
  next(position: UpstreamPosition | undefined): Promise<UpstreamBatch>;
}

export const UPSTREAM_SOURCE = Symbol('UpstreamSource');
