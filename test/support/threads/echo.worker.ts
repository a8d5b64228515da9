import { serveCalls } from '@registry/store-sqlite/threads/worker-host';

// A worker thread for WorkerClient's tests: echoes, throws, or dies, as asked.

export type EchoCall =
  | { op: 'echo'; value: unknown }
  | { op: 'throw'; message: string; code?: string }
  | { op: 'exit'; code: number };

serveCalls<EchoCall, unknown>(
  (call) => {
    switch (call.op) {
      case 'echo':
        return call.value;
      case 'throw':
        throw Object.assign(new Error(call.message), call.code === undefined ? {} : { code: call.code });
      case 'exit':
        process.exit(call.code);
    }
  },
  () => undefined,
);
