import { AttemptOutcome } from '../ports';

/** What the federation worker reports as it goes; the composition root backs it with Prometheus metrics. */
export interface FederationMonitor {
  /** One delivery attempt made; `deadLettered` when it was the delivery's last. */
  attempt(outcome: AttemptOutcome, latencyMs: number, deadLettered: boolean): void;
  /** The worker applied a feed batch reaching this log position (the head of its progress). */
  progressed(position: number): void;
}

export const FEDERATION_MONITOR = Symbol('FederationMonitor');

export const silentFederationMonitor: FederationMonitor = {
  attempt: () => undefined,
  progressed: () => undefined,
};
