import { EventEnvelope, PendingEvent } from '@registry/domain/entry';

/**
 * A cross-entry uniqueness claim changed atomically with an append: `name` claims make one entry per
 * server name, `remote-url` claims one non-deleted server per remote URL. Claims are enforced by the
 * store inside the append's transaction, never by read-then-write.
 */
export interface ClaimChange {
  /** `claim-if-free` takes a free claim and silently leaves a held one (imports keep what they find). */
  op: 'claim' | 'claim-if-free' | 'release';
  scope: ClaimScope;
  key: string;
}
export type ClaimScope = 'name' | 'remote-url';

export interface AppendRequest {
  streamId: string;
  /** The stream version the decision was made on (0 for a new stream). */
  expectedVersion: number;
  events: PendingEvent[];
  claims?: ClaimChange[];
}

export interface AppendResult {
  streamId: string;
  events: EventEnvelope[];
  /** Global position of the last appended event. */
  lastPosition: number;
}

/** The stream moved on since the decision: reload and decide again. */
export class ConcurrencyConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId} is at version ${actualVersion}, expected ${expectedVersion}`);
    this.name = 'ConcurrencyConflict';
  }
}

/** Another stream holds the claim. */
export class ClaimConflict extends Error {
  constructor(
    readonly scope: ClaimScope,
    readonly key: string,
    readonly heldBy: string,
  ) {
    super(`${scope} "${key}" is held by stream ${heldBy}`);
    this.name = 'ClaimConflict';
  }
}

/** The append-only event log: durable before append resolves, global gap-free positions from 1. */
export interface EventStore {
  append(request: AppendRequest): Promise<AppendResult>;
  readStream(streamId: string, afterVersion?: number): Promise<EventEnvelope[]>;
  /** Events with position > afterPosition, in position order, at most `limit`. */
  readFrom(afterPosition: number, limit: number): Promise<EventEnvelope[]>;
  headPosition(): Promise<number>;
  claimHolder(scope: ClaimScope, key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
