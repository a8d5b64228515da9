import { uuidV7 } from './uuid-v7';

/** The clock and identifier source, injected so that decisions are deterministic under test. */
export interface Clock {
  now(): Date;
}
export interface IdGenerator {
  newId(): string;
}

export const CLOCK = Symbol('Clock');
export const ID_GENERATOR = Symbol('IdGenerator');

export const systemClock: Clock = { now: () => new Date() };
/** Time-ordered UUIDs (version 7): unique as v4 ones, and cheap to index in the order they are made. */
export const systemIds: IdGenerator = { newId: () => uuidV7() };
