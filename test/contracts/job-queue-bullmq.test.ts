import { randomUUID } from 'node:crypto';
import { BullMqJobQueue } from '@registry/jobs';
import { RedisUnavailable, TestRedis, startRedis } from '@test/support/engines/redis';
import { Redis } from 'ioredis';
import { jobQueueContract } from './job-queue.contract';

/** Failed tries are the contract's business here, not log lines. */
const quiet = { log: () => undefined, warn: () => undefined, error: (m: unknown) => console.error(m) };

let redis: TestRedis | undefined;
// One prefix per run: on a shared REDIS_URL the run touches (and afterwards deletes) only its own keys.
const prefix = `contract-${randomUUID().slice(0, 8)}`;

jobQueueContract('BullMQ on Redis (distributed)', {
  setUp: async () => {
    try {
      redis = await startRedis();
      return undefined;
    } catch (error) {
      if (error instanceof RedisUnavailable) return error.message;
      throw error;
    }
  },
  open: async () => {
    const jobs = new BullMqJobQueue({
      connection: redis!.url,
      prefix,
      logger: quiet,
      readinessTimeoutMs: 10_000,
    });
    await jobs.whenReady();
    return jobs;
  },
  dispose: async () => {
    if (redis === undefined) return;
    const client = new Redis(redis.url);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      client.disconnect();
      await redis.stop();
    }
  },
});
