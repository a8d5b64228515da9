import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WorkerClient } from '@registry/store-sqlite/threads/worker-client';
import type { EchoCall } from '../support/threads/echo.worker';

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
});
