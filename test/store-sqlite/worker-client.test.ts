import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WorkerClient } from '@registry/store-sqlite/threads/worker-client';
import type { EchoCall, Gathered } from '../support/threads/echo.worker';

const ECHO = join(__dirname, '..', 'support', 'threads', 'echo.worker.js');

describe('WorkerClient: calls to a worker thread', () => {
  it('answers calls in order, and a thrown error becomes the rejection with its message and code', async () => {
    const client = new WorkerClient<EchoCall, unknown>(ECHO, {}, 'echo');
    try {
      const answers = await Promise.all([1, 2, 3].map((value) => client.call({ op: 'echo', value })));
      assert.deepEqual(answers, [1, 2, 3]);
      await assert.rejects(client.call({ op: 'throw', message: 'disk I/O error', code: 'SQLITE_IOERR' }), {
        message: 'disk I/O error',
        code: 'SQLITE_IOERR',
      });
      assert.equal(await client.call({ op: 'echo', value: 'still here' }), 'still here');
      assert.equal(client.failure, undefined);
    } finally {
      await client.close();
    }
  });

  it('fails the call in flight and every later call once the thread dies, and says why', async () => {
    const client = new WorkerClient<EchoCall, unknown>(ECHO, {}, 'echo');
    try {
      await assert.rejects(client.call({ op: 'exit', code: 3 }), /echo thread failed: exited with code 3/);
      assert.match(String(client.failure?.message), /exited with code 3/);
      await assert.rejects(client.call({ op: 'echo', value: 1 }), /echo thread failed/);
    } finally {
      await client.close();
    }
  });

  it('lets the calls in flight finish when it closes, then refuses new ones', async () => {
    const client = new WorkerClient<EchoCall, unknown>(ECHO, {}, 'echo');
    const inFlight = client.call({ op: 'echo', value: 'before close' });
    await client.close();
    assert.equal(await inFlight, 'before close');
    await assert.rejects(client.call({ op: 'echo', value: 1 }), /echo is closed/);
  });

  it('answers the mergeable calls waiting together in one step, in order, up to its limit', async () => {
    const client = new WorkerClient<EchoCall, unknown>(ECHO, {}, 'echo');
    try {
      // While the thread sleeps, calls queue up behind it; a call it cannot merge ends a group.
      const sleeping = client.call({ op: 'sleep', ms: 200 });
      const calls: Array<Promise<unknown>> = [];
      for (const value of [1, 2, 3, 4, 5]) calls.push(client.call({ op: 'gather', value }));
      calls.push(client.call({ op: 'echo', value: 'between' }));
      calls.push(client.call({ op: 'gather', value: 6 }));
      await sleeping;
      const answers = await Promise.all(calls);
      assert.deepEqual(answers, [
        { value: 1, group: [1, 2, 3] },
        { value: 2, group: [1, 2, 3] },
        { value: 3, group: [1, 2, 3] },
        { value: 4, group: [4, 5] },
        { value: 5, group: [4, 5] },
        'between',
        { value: 6, group: [6] },
      ] satisfies unknown[]);
    } finally {
      await client.close();
    }
  });

  it('fails every call of a merged step that fails, and only those', async () => {
    const client = new WorkerClient<EchoCall, unknown>(ECHO, {}, 'echo');
    try {
      const sleeping = client.call({ op: 'sleep', ms: 200 });
      const first = [
        client.call({ op: 'gather', value: 1 }),
        client.call({ op: 'gather', value: 2, fail: true }),
      ];
      const after = client.call({ op: 'echo', value: 'after' });
      const next = client.call({ op: 'gather', value: 3 });
      await sleeping;
      for (const call of first) await assert.rejects(call, /group 1,2 failed/);
      assert.equal(await after, 'after');
      assert.deepEqual((await next) as Gathered, { value: 3, group: [3] });
    } finally {
      await client.close();
    }
  });
});
