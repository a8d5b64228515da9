import { parentPort } from 'node:worker_threads';
import { ErrorData, errorData } from './error-data';

// The thread side of WorkerClient. Packages and relative imports only, so it loads with or without
// the path-alias preload.

export type HostRequest<Req> = { type: 'call'; id: number; request: Req } | { type: 'close' };

export type HostReply<Res> =
  | { type: 'answer'; id: number; ok: true; result: Res }
  | ({ type: 'answer'; id: number; ok: false } & ErrorData)
  | { type: 'closed' };

/**
 * Answers the calls of a WorkerClient in order, synchronously, one at a time; a thrown error becomes
 * the call's rejection (message and code). On close, runs `onClose` and lets the thread end.
 */
export function serveCalls<Req, Res>(handle: (request: Req) => Res, onClose: () => void): void {
  const port = parentPort;
  if (port === null) throw new Error('this module must run in a worker thread');
  port.on('message', (message: HostRequest<Req>) => {
    if (message.type === 'close') {
      onClose();
      port.postMessage({ type: 'closed' } satisfies HostReply<Res>);
      port.close();
      return;
    }
    let reply: HostReply<Res>;
    try {
      reply = { type: 'answer', id: message.id, ok: true, result: handle(message.request) };
    } catch (error) {
      reply = { type: 'answer', id: message.id, ok: false, ...errorData(error) };
    }
    port.postMessage(reply);
  });
}
