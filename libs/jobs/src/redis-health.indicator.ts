import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { RegistryHealthIndicator } from '@registry/http-kit/health/health-indicator';
import type { Redis } from 'ioredis';
import { pingWithin } from './redis-readiness';

/** /readyz's view of Redis: up when PING answers within `timeoutMs` (default 1 s), down otherwise. */
export function redisHealthIndicator(
  connection: Redis,
  options: { timeoutMs?: number } = {},
): RegistryHealthIndicator {
  const timeoutMs = options.timeoutMs ?? 1_000;
  return {
    key: 'redis',
    async check(health: HealthIndicatorService): Promise<HealthIndicatorResult> {
      const indicator = health.check('redis');
      const started = Date.now();
      try {
        await pingWithin(connection, timeoutMs);
        return indicator.up({ pingMs: Date.now() - started });
      } catch (error) {
        return indicator.down({ message: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}
