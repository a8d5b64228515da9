import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Redis } from 'ioredis';
import { isProbeRoute } from '../http-app/probe-routes';
import { rateLimitClientOf } from './client-address';
import { MemoryRateCounter, RateStanding } from './memory-rate-counter';
import { READ_METHODS, requestCallerOf } from '../logging/request-caller';
import { problemDetails } from '../problem/problem-details';
import { sendProblem } from '../problem/problem-details.filter';

export interface RequestRateLimitOptions {
  /** Requests one client may make in a minute (the official registry's ingress allows 180). */
  perMinute: number;
  /** Counters every replica shares; in this process's memory when absent. */
  redis?: Redis;
  /** Prefix of the counters' Redis keys. */
  redisPrefix?: string;
}

/** The window each counter covers. */
const WINDOW_MS = 60_000;

/**
 * Who a request is counted against: reads by client address (an IPv6 client by its /64, as one host
 * holds the whole prefix), writes and logins by the subject of a verified registry token, or by
 * address when they carry none. Reads and writes have separate budgets.
 */
export function rateLimitKeyOf(request: FastifyRequest): string {
  if (READ_METHODS.has(request.method)) return `read:${rateLimitClientOf(request.ip)}`;
  const caller = requestCallerOf(request);
  return caller === undefined
    ? `write:${rateLimitClientOf(request.ip)}`
    : `write:${caller.method}:${caller.subject}`;
}

/** The count of one request against its client, or undefined when the counters cannot be read. */
type CountRequest = (request: FastifyRequest) => RateStanding | undefined | Promise<RateStanding | undefined>;

/**
 * Limits requests per client and minute, as the official registry's ingress does (fixed windows starting
 * at a client's first request, in this process's memory or, shared by every replica, in Redis through
 * @fastify/rate-limit's store); probes and scrapes are exempt. Every counted answer says where the
 * client stands (`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`: seconds until the window
 * ends); past the limit the answer is a 429 problem with `Retry-After`. Counters that cannot be reached
 * (Redis down) let requests through rather than refusing everyone.
 *
 * Needs the caller hook (`identifyCallers`) installed before it, for writes to be counted by subject.
 */
export async function limitRequestRates(
  fastify: FastifyInstance,
  options: RequestRateLimitOptions,
): Promise<void> {
  const max = options.perMinute;
  let count: CountRequest;
  if (options.redis === undefined) {
    const counter = new MemoryRateCounter(max, WINDOW_MS);
    count = (request) => counter.count(rateLimitKeyOf(request));
  } else {
    count = await redisCounts(fastify, options.redis, max, options.redisPrefix ?? 'mcp-registry:rate-limit:');
  }
  const limitHeader = String(max);
  const answer = (standing: RateStanding | undefined, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (standing === undefined) {
      done();
      return;
    }
    const reset = String(standing.resetSeconds);
    void reply
      .header('ratelimit-limit', limitHeader)
      .header('ratelimit-remaining', String(standing.remaining))
      .header('ratelimit-reset', reset);
    if (!standing.exceeded) {
      done();
      return;
    }
    void reply.header('retry-after', reset);
    // Answered here: the route does not run (a callback hook that sends does not call done).
    sendProblem(
      reply,
      problemDetails({
        status: 429,
        detail: `rate limit exceeded: ${max} requests a minute; retry in ${reset} s`,
      }),
    );
  };
  // A callback hook: counting in memory is synchronous, so a read passes without a promise.
  fastify.addHook(
    'onRequest',
    (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const route = request.routeOptions.url;
      if (route !== undefined && isProbeRoute(route)) {
        done();
        return;
      }
      const standing = count(request);
      if (standing instanceof Promise) {
        standing.then(
          (counted) => answer(counted, reply, done),
          () => done(),
        );
      } else {
        answer(standing, reply, done);
      }
    },
  );
}

/** Counts in Redis with @fastify/rate-limit's store (one Lua script a request: INCR, PEXPIRE on the first). */
async function redisCounts(
  fastify: FastifyInstance,
  redis: Redis,
  max: number,
  prefix: string,
): Promise<CountRequest> {
  await fastify.register(rateLimit, {
    global: false,
    max,
    timeWindow: WINDOW_MS,
    keyGenerator: rateLimitKeyOf,
    skipOnError: true,
    redis,
    nameSpace: prefix,
  });
  const limit = fastify.createRateLimit();
  return async (request) => {
    const outcome = await limit(request);
    // No TTL: Redis did not answer (skipOnError), so there is nothing true to say.
    if (outcome.isAllowed || outcome.ttl <= 0) return undefined;
    return { remaining: outcome.remaining, resetSeconds: outcome.ttlInSeconds, exceeded: outcome.isExceeded };
  };
}
