import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { HealthIndicatorService } from '@nestjs/terminus';
import { BullMqJobQueue, RedisUnreachable, redisHealthIndicator, waitUntilReachable } from '@registry/jobs';
import {
  RedisUnavailable,
  TestRedis,
  freeLoopbackPort,
  startPrivateRedis,
} from '@test/support/engines/redis';
import { Redis } from 'ioredis';
import { eventually } from '../contracts/job-queue.contract';

const queueName = 'readiness-check';
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Redis that is not there yet, then is: the gate, the health indicator and paused workers. */
describe('BullMQ readiness gate and Redis health', { timeout: 30_000 }, () => {
  let skip: string | undefined;
  let port = 0;
  let redis: TestRedis | undefined;
  let client: Redis | undefined;
  let jobs: BullMqJobQueue | undefined;

  before(async () => {
    port = await freeLoopbackPort();
    // Probe that a private redis-server can run here at all, then free the port again.
    try {
      await (await startPrivateRedis(port)).stop();
    } catch (error) {
      if (!(error instanceof RedisUnavailable)) throw error;
      skip = error.message;
      console.warn(`\n!!! BullMQ readiness tests SKIPPED: ${skip}\n`);
      return;
    }
    client = new Redis({ port, host: '127.0.0.1', lazyConnect: false });
    client.on('error', () => undefined);
  });
  after(async () => {
    await jobs?.close();
    client?.disconnect();
    await redis?.stop();
  });

  it('the gate gives up with RedisUnreachable when nothing answers', async (t: TestContext) => {
    if (skip !== undefined) return t.skip(skip);
    const started = Date.now();
    await assert.rejects(
      waitUntilReachable(client!, { timeoutMs: 300, intervalMs: 50 }),
      (e: unknown) => e instanceof RedisUnreachable && /did not answer PING within 300 ms/.test(e.message),
    );
    assert.ok(Date.now() - started < 1_500, 'bounded by its timeout');
  });

  it('health is down without Redis; workers wait past the readiness timeout and run once Redis answers', async (t: TestContext) => {
    if (skip !== undefined) return t.skip(skip);
    const health = redisHealthIndicator(client!, { timeoutMs: 200 });
    const down = await health.check(new HealthIndicatorService());
    assert.equal(down.redis?.status, 'down');

    jobs = new BullMqJobQueue({
      connection: `redis://127.0.0.1:${port}`,
      prefix: 'readiness',
      logger: quiet,
      readinessTimeoutMs: 300,
    });
    const ran: string[] = [];
    jobs.work(queueName, async (data: string) => void ran.push(data), { concurrency: 1 });
    await assert.rejects(jobs.whenReady(), RedisUnreachable, 'whenReady gives up after readinessTimeoutMs');
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Redis comes back after the timeout: the workers, still waiting, run.
    redis = await startPrivateRedis(port);
    // Up once the clients have reconnected (ioredis retries with its own backoff).
    const up = async (indicator: typeof health): Promise<boolean> =>
      (await indicator.check(new HealthIndicatorService())).redis?.status === 'up';
    await eventually('the health indicator says up', () => up(health), 10_000);
    await eventually("the queue's health indicator says up", () => up(jobs!.healthIndicator()), 10_000);
    await jobs.enqueue(queueName, 'after the gate');
    await eventually('the worker ran the job', () => ran.length === 1, 10_000);
    assert.deepEqual(ran, ['after the gate']);
  });
});
