import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisLeaseOptions {
  /** How long a holder keeps the lease without renewing it (default 10 s). */
  ttlMs?: number;
  logger?: Pick<Logger, 'log' | 'warn'>;
}

/**
 * One holder at a time across processes (the outbox relay: several projector replicas may run, one
 * relays). `SET NX PX` takes it, a compare-and-expire script renews it every third of its time to
 * live, and a holder that cannot renew in time stops (`onLost`) before another can take over.
 */
export class RedisLease {
  private readonly token = randomUUID();
  private readonly ttlMs: number;
  private readonly logger: Pick<Logger, 'log' | 'warn'>;
  private timer: NodeJS.Timeout | undefined;
  private held = false;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    options: RedisLeaseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.logger = options.logger ?? new Logger('RedisLease');
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Tries to take the lease now and then every third of the TTL; calls back on each change. */
  run(onAcquired: () => void, onLost: () => void): void {
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      try {
        if (this.held) {
          const renewed = await this.redis.eval(RENEW, 1, this.key, this.token, String(this.ttlMs));
          if (renewed !== 1) this.lose(onLost, 'renewal refused');
        } else {
          const taken = await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX');
          if (taken === 'OK') {
            this.held = true;
            this.logger.log(`holding ${this.key}`);
            onAcquired();
          }
        }
      } catch (error) {
        if (this.held) this.lose(onLost, String(error));
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), Math.max(50, Math.floor(this.ttlMs / 3)));
    };
    void tick();
  }

  private lose(onLost: () => void, why: string): void {
    this.held = false;
    this.logger.warn(`lost ${this.key}: ${why}`);
    onLost();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.held) {
      this.held = false;
      await this.redis.eval(RELEASE, 1, this.key, this.token).catch(() => undefined);
    }
  }
}
