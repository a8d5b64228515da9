import type { Redis } from 'ioredis';

/** Redis did not answer in time: the message says how long was waited and the last error seen. */
export class RedisUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnreachable';
  }
}

/** One PING, failing after `timeoutMs` (ioredis would otherwise queue it until it reconnects). */
export async function pingWithin(connection: Redis, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const answer = connection.ping();
  // A PING that loses the race may still fail later: that is not an unhandled rejection.
  answer.catch(() => undefined);
  try {
    await Promise.race([
      answer,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no PONG within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ReachabilityOptions {
  /** Give up (reject with RedisUnreachable) after this long. */
  timeoutMs: number;
  /** Pause between PINGs. Default 250 ms. */
  intervalMs?: number;
  /** Stops waiting early (the queue is closing). */
  signal?: AbortSignal;
}

/**
 * The readiness gate: resolves as soon as Redis answers PING, rejects with RedisUnreachable when it has
 * not within `timeoutMs`. Workers stay stopped until it resolves, so a worker never spins on a dead Redis.
 */
export async function waitUntilReachable(connection: Redis, options: ReachabilityOptions): Promise<void> {
  const interval = options.intervalMs ?? 250;
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer';
  for (;;) {
    if (options.signal?.aborted)
      throw new RedisUnreachable('stopped waiting for Redis: the job queue is closing');
    try {
      await pingWithin(connection, Math.max(1, Math.min(1_000, deadline - Date.now())));
      return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() + interval > deadline) {
      throw new RedisUnreachable(
        `Redis did not answer PING within ${options.timeoutMs} ms (last error: ${last})`,
      );
    }
    await pause(interval, options.signal);
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
