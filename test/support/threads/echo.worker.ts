import { serveCalls } from '@registry/store-sqlite/threads/worker-host';

// A worker thread for WorkerClient's tests: echoes, throws, sleeps, dies, or answers `gather` calls
// together (the calls waiting at once, at most three, in one step), as asked.

export type EchoCall =
  | { op: 'echo'; value: unknown }
  | { op: 'throw'; message: string; code?: string }
  | { op: 'exit'; code: number }
  | { op: 'sleep'; ms: number }
  | { op: 'gather'; value: number; fail?: boolean };

/** What a `gather` call is answered: its value and the values of the calls answered with it. */
export interface Gathered {
  value: number;
  group: number[];
}

const pause = new Int32Array(new SharedArrayBuffer(4));

serveCalls<EchoCall, unknown>(
  (call) => {
    switch (call.op) {
      case 'echo':
        return call.value;
      case 'throw':
        throw Object.assign(new Error(call.message), call.code === undefined ? {} : { code: call.code });
      case 'sleep':
        // Blocks the thread, as a long commit does, so that calls queue up behind it.
        Atomics.wait(pause, 0, 0, call.ms);
        return call.ms;
      case 'gather':
        return { value: call.value, group: [call.value] } satisfies Gathered;
      case 'exit':
        process.exit(call.code);
    }
  },
  () => undefined,
  {
    accepts: (call) => call.op === 'gather',
    max: 3,
    answer: (calls) => {
      const group = calls.map((c) => (c as Extract<EchoCall, { op: 'gather' }>).value);
      if (calls.some((c) => c.op === 'gather' && c.fail === true))
        throw new Error(`group ${group.join(',')} failed`);
      return group.map((value): Gathered => ({ value, group }));
    },
  },
);
