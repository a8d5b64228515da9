import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RegistryTokenService } from '@registry/auth';
import { RegistryConfig } from '@registry/config';
import type { CallerLookup, RequestRateLimitOptions } from '@registry/http-kit';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { RegistryRole } from './registry-engines';
import { REGISTRY_ROLES } from './registry-infrastructure.module';

const BEARER_PREFIX = 'bearer ';

/** How long a Redis outage is reported once, not at every reconnection attempt. */
const REDIS_WARNING_INTERVAL_MS = 60_000;

function servesApi(app: NestFastifyApplication): boolean {
  // Asked by role: Nest's application proxy exits the process when `get` names a missing provider.
  return app.get<ReadonlySet<RegistryRole>>(REGISTRY_ROLES, { strict: false }).has('api');
}

/**
 * The caller of a write, from its `Authorization: Bearer <registry token>`, verified by the same token
 * service the routes use (which remembers verified tokens until they expire). Only the API has one.
 */
export function callerLookupOf(app: NestFastifyApplication): CallerLookup | undefined {
  if (!servesApi(app)) return undefined;
  const tokens = app.get(RegistryTokenService, { strict: false });
  return async (authorization) => {
    if (authorization.slice(0, BEARER_PREFIX.length).toLowerCase() !== BEARER_PREFIX) return undefined;
    try {
      const claims = await tokens.verify(authorization.slice(BEARER_PREFIX.length));
      return { method: claims.authMethod, subject: claims.authMethodSubject };
    } catch {
      return undefined;
    }
  };
}

/**
 * The API's per-client limits (none when MCP_REGISTRY_RATE_LIMIT_PER_MINUTE is 0, and none in the
 * processes that only serve probes). With REDIS_URL the counters live in Redis, so that every replica
 * counts against one budget; a Redis that does not answer within half a second lets the request
 * through. The connection closes with the app.
 */
export function rateLimitOf(
  app: NestFastifyApplication,
  config: RegistryConfig,
): RequestRateLimitOptions | undefined {
  if (config.rateLimitPerMinute === 0 || !servesApi(app)) return undefined;
  const redisUrl = config.distributed.redisUrl;
  if (redisUrl === undefined) return { perMinute: config.rateLimitPerMinute };
  const redis = new Redis(redisUrl, {
    // Never queue a count while disconnected, never wait long for one: limits fail open.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
  });
  const logger = new Logger('RateLimit');
  let warnedAt = 0;
  redis.on('error', (error: Error) => {
    if (Date.now() - warnedAt < REDIS_WARNING_INTERVAL_MS) return;
    warnedAt = Date.now();
    logger.warn(`Redis: ${error.message}; requests are not rate limited until it answers`);
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addHook('onClose', (_instance, done) => {
    redis.disconnect();
    done();
  });
  return {
    perMinute: config.rateLimitPerMinute,
    redis,
    redisPrefix: `${config.distributed.kafkaTopic}:rate-limit:`,
  };
}
