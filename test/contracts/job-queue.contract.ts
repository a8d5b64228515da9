import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { JobContext, JobQueue } from '@registry/application/ports';

/** One adapter under the jobs contract. */
export interface JobQueueHarness {
  /** Starts the engine; a string is why it cannot run here, and every test then skips saying so. */
  setUp(): Promise<string | undefined>;
  /** A fresh queue client (each test gets its own and closes it). */
  open(): Promise<JobQueue>;
  dispose(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(10);
  }
}

/** A promise a test settles by hand, to hold a job in its handler. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Timers may fire a little early or late; this much earlier still counts as "after the delay". */
const SLACK_MS = 10;

/**
 * The contract both jobs adapters pass: BullMQ's semantics of ids, retries with exponential backoff,
 * dead letters and redrive, concurrency, delays, schedules, pause/resume and a close that waits.
 */
export function jobQueueContract(adapter: string, harness: JobQueueHarness): void {
  describe(`JobQueue contract: ${adapter}`, { timeout: 30_000 }, () => {
    let skip: string | undefined;
    let jobs: JobQueue | undefined;
    let queue = '';
    // Held jobs are let go before each close, so one failed assertion cannot hang the next tests.
    let holds: Array<() => void> = [];
    const hold = (): ReturnType<typeof gate> => {
      const g = gate();
      holds.push(g.open);
      return g;
    };
    const opened = (): JobQueue => jobs ?? assert.fail('no queue opened');

    before(async () => {
      skip = await harness.setUp();
      if (skip !== undefined) console.warn(`\n!!! JobQueue contract: ${adapter} SKIPPED: ${skip}\n`);
    });
    after(async () => harness.dispose());
    beforeEach(async () => {
      queue = `contract-${randomUUID().slice(0, 8)}`;
      if (skip === undefined) jobs = await harness.open();
    });
    afterEach(async () => {
      for (const open of holds) open();
      holds = [];
      await jobs?.close();
      jobs = undefined;
    });

    /** A test of the contract, skipped with the harness's reason when the engine is not available. */
    const contract = (name: string, body: () => Promise<void>): void => {
      it(name, { timeout: 10_000 }, async (t: TestContext) => {
        if (skip !== undefined) return t.skip(skip);
        await body();
      });
    };

    contract('runs a job with its data, first attempt and id', async () => {
      const seen: Array<[unknown, JobContext]> = [];
      opened().work(queue, async (data, ctx) => void seen.push([data, ctx]), { concurrency: 1 });
      await opened().enqueue(queue, { n: 1, s: 'x' }, { jobId: 'io.github.a/b@1.0.0' });
      await eventually('the job ran', () => seen.length === 1);
      assert.deepEqual(seen, [
        [
          { n: 1, s: 'x' },
          { attempt: 1, jobId: 'io.github.a/b@1.0.0' },
        ],
      ]);
      assert.deepEqual(await opened().deadLetters(queue), []);
    });

    contract('retries a failing job after growing delays, then it succeeds', async () => {
      const tries: Array<{ attempt: number; at: number }> = [];
      opened().work(
        queue,
        async (_data, ctx) => {
          tries.push({ attempt: ctx.attempt, at: Date.now() });
          if (ctx.attempt < 3) throw new Error(`not yet (${ctx.attempt})`);
        },
        { concurrency: 1 },
      );
      await opened().enqueue(queue, {}, { attempts: 3, backoffMs: 60 });
      await eventually('three tries', () => tries.length === 3);
      await sleep(150);
      assert.deepEqual(
        tries.map((t) => t.attempt),
        [1, 2, 3],
      );
      const first = tries[1]!.at - tries[0]!.at;
      const second = tries[2]!.at - tries[1]!.at;
      assert.ok(first >= 60 - SLACK_MS, `first retry after ${first} ms, expected >= 60`);
      assert.ok(second >= 120 - SLACK_MS, `second retry after ${second} ms, expected >= 120`);
      assert.ok(second > first, `delays grow: ${first} then ${second}`);
      assert.deepEqual(await opened().deadLetters(queue), []);
    });

    contract(
      'dead-letters a job with its last error after the last attempt; redrive runs it again',
      async () => {
        let healthy = false;
        const tries: number[] = [];
        opened().work(
          queue,
          async (_data, ctx) => {
            tries.push(ctx.attempt);
            if (!healthy) throw new Error(`boom on try ${ctx.attempt}`);
          },
          { concurrency: 1 },
        );
        await opened().enqueue(queue, { what: 'sick' }, { jobId: 'sick-1', attempts: 2, backoffMs: 20 });
        await eventually('a dead letter', async () => (await opened().deadLetters(queue)).length === 1);
        assert.deepEqual(await opened().deadLetters(queue), [
          { jobId: 'sick-1', data: { what: 'sick' }, error: 'boom on try 2', attempts: 2 },
        ]);
        assert.deepEqual(tries, [1, 2]);

        healthy = true;
        await opened().redrive(queue, 'sick-1');
        await eventually('the redriven job ran', () => tries.length === 3);
        assert.equal(tries[2], 1, 'a redrive starts again at attempt 1');
        await eventually('no dead letters', async () => (await opened().deadLetters(queue)).length === 0);
        await assert.rejects(opened().redrive(queue, 'sick-1'), /no dead letter/);
      },
    );

    contract("a new job with a dead letter's id replaces the dead letter", async () => {
      const runs: unknown[] = [];
      opened().work(
        queue,
        async (data: { ok: boolean }) => {
          runs.push(data);
          if (!data.ok) throw new Error('refused');
        },
        { concurrency: 1 },
      );
      await opened().enqueue(queue, { ok: false }, { jobId: 'x:42', attempts: 1 });
      await eventually('a dead letter', async () => (await opened().deadLetters(queue)).length === 1);
      await opened().enqueue(queue, { ok: true }, { jobId: 'x:42' });
      await eventually('the new job ran', () => runs.length === 2);
      assert.deepEqual(runs, [{ ok: false }, { ok: true }]);
      assert.deepEqual(await opened().deadLetters(queue), []);
    });

    contract('de-duplicates by job id while waiting or running, not after', async () => {
      const held = hold();
      const runs: string[] = [];
      await opened().enqueue(queue, 'first', { jobId: '42' });
      await opened().enqueue(queue, 'second', { jobId: '42' });
      opened().work(
        queue,
        async (data: string) => {
          runs.push(data);
          await held.promise;
        },
        { concurrency: 2 },
      );
      await eventually('the job runs', () => runs.length === 1);
      await opened().enqueue(queue, 'while running', { jobId: '42' });
      await sleep(100);
      held.open();
      await sleep(100);
      assert.deepEqual(runs, ['first'], 'one job per id while it waits or runs');
      await opened().enqueue(queue, 'after', { jobId: '42' });
      await eventually('the id is free again once its job has run', () => runs.length === 2);
      assert.deepEqual(runs, ['first', 'after']);
    });

    contract('never runs more jobs at once than the concurrency', async () => {
      let running = 0;
      let most = 0;
      let done = 0;
      opened().work(
        queue,
        async () => {
          running++;
          most = Math.max(most, running);
          await sleep(30);
          running--;
          done++;
        },
        { concurrency: 2 },
      );
      for (let i = 0; i < 6; i++) await opened().enqueue(queue, i);
      await eventually('all six ran', () => done === 6);
      assert.equal(most, 2);
    });

    contract('does not run a delayed job before its delay', async () => {
      let ranAt: number | undefined;
      opened().work(queue, async () => void (ranAt = Date.now()), { concurrency: 1 });
      const started = Date.now();
      await opened().enqueue(queue, 'later', { delayMs: 250 });
      await sleep(150);
      assert.equal(ranAt, undefined, 'not yet');
      await eventually('the delayed job ran', () => ranAt !== undefined);
      assert.ok(ranAt! - started >= 250 - SLACK_MS, `ran after ${ranAt! - started} ms`);
    });

    contract('runs a schedule at once, then repeats it; declaring it again replaces it', async () => {
      const runs: Array<{ v: number; at: number }> = [];
      opened().work(queue, async (data: { v: number }) => void runs.push({ v: data.v, at: Date.now() }), {
        concurrency: 1,
      });
      // Like a BullMQ job scheduler with `every`: the first job comes at once, not after a period.
      await opened().schedule(queue, 'hourly', 3_600_000, { v: 0 });
      await eventually('the first run of a schedule comes at once', () => runs.length === 1, 2_000);
      await opened().schedule(queue, 'tick', 80, { v: 1 });
      await eventually('two runs', () => runs.filter((r) => r.v === 1).length >= 2);
      await opened().schedule(queue, 'tick', 80, { v: 2 });
      await eventually('the new schedule runs', () => runs.some((r) => r.v === 2));
      const switched = runs.findIndex((r) => r.v === 2);
      await sleep(400);
      const afterSwitch = runs.slice(switched);
      assert.deepEqual(
        afterSwitch.filter((r) => r.v === 1),
        [],
        'the old schedule is gone',
      );
      // One schedule at 80 ms gives about five runs in 400 ms; two would give about ten.
      assert.ok(afterSwitch.length >= 2 && afterSwitch.length <= 7, `${afterSwitch.length} runs in ~400 ms`);
    });

    contract('a paused worker takes no jobs until resumed', async () => {
      const held = hold();
      const runs: string[] = [];
      const worker = opened().work(
        queue,
        async (data: string) => {
          runs.push(data);
          if (data === 'a') await held.promise;
        },
        { concurrency: 1 },
      );
      await opened().enqueue(queue, 'a');
      await eventually('a runs', () => runs.length === 1);
      let paused = false;
      const pausing = worker.pause().then(() => (paused = true));
      await sleep(50);
      assert.equal(paused, false, 'pause waits for the running job');
      held.open();
      await pausing;
      await opened().enqueue(queue, 'b');
      await sleep(200);
      assert.deepEqual(runs, ['a']);
      worker.resume();
      await eventually('b runs after resume', () => runs.length === 2);
      assert.deepEqual(runs, ['a', 'b']);
    });

    contract('close waits for the running job', async () => {
      let started = false;
      let finished = false;
      opened().work(
        queue,
        async () => {
          started = true;
          await sleep(150);
          finished = true;
        },
        { concurrency: 1 },
      );
      await opened().enqueue(queue, 'slow');
      await eventually('the job started', () => started);
      await opened().close();
      assert.equal(finished, true);
    });
  });
}
