/** Where a client stands once this request is counted. */
export interface RateStanding {
  /** Requests left in the window. */
  remaining: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
  /** This request is past the limit. */
  exceeded: boolean;
}

/** Clients remembered at once; past it the oldest windows are forgotten (their clients start afresh). */
const MAX_CLIENTS = 100_000;

/**
 * Fixed-window counters in this process's memory, with @fastify/rate-limit's semantics (a window starts
 * at a client's first request and lasts `windowMs`), counted synchronously: the plugin's asynchronous
 * path was about 4 % of a hot read's CPU, this is a map lookup. Windows live in start order, so expired
 * ones are found at the front and dropped as new clients arrive.
 */
export class MemoryRateCounter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = MAX_CLIENTS,
  ) {}

  count(key: string): RateStanding {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || window.endsAt <= now) {
      // A new window goes to the back, keeping the map in start order.
      if (window !== undefined) this.windows.delete(key);
      if (this.windows.size >= this.maxClients) this.forgetOldest(now);
      window = { count: 0, endsAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return {
      remaining: Math.max(0, this.max - window.count),
      resetSeconds: Math.ceil((window.endsAt - now) / 1000),
      exceeded: window.count > this.max,
    };
  }

  /** Clients with a window open (tests). */
  get size(): number {
    return this.windows.size;
  }

  private forgetOldest(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.endsAt > now && this.windows.size < this.maxClients) return;
      this.windows.delete(key);
    }
  }
}
