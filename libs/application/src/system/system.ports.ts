import { randomUUID } from 'node:crypto';

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
export const randomIds: IdGenerator = { newId: () => randomUUID() };
