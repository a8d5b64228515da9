import { Actor } from '@registry/domain/entry';

/** What a write is allowed to do: the permissions of the registry token, or everything for system work. */
export type Authority =
  | { kind: 'token'; actor: Actor; permissions: Array<{ action: 'publish' | 'edit'; resource: string }> }
  | { kind: 'system'; actor: Actor };

/** The outcome of every write: the response document, and whether reads already show it. */
export interface WriteOutcome<T = string> {
  /** Pre-serialised ServerResponse (or a JSON array of them). */
  body: T;
  /** False when the read model did not catch up within the bound (read-your-writes not guaranteed). */
  readModelCaughtUp: boolean;
  lastPosition: number;
}
