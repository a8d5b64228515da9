import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { ErrorData, errorData } from './error-data';

// The thread side of WorkerClient. Packages and relative imports only, so it loads with or without
// the path-alias preload.

export type HostRequest<Req> = { type: 'call'; id: number; request: Req } | { type: 'close' };

export type HostReply<Res> =
  | { type: 'answer'; id: number; ok: true; result: Res }
  | ({ type: 'answer'; id: number; ok: false } & ErrorData)
  | { type: 'closed' };

/**
 * Calls that may be answered together: when one arrives, the calls already waiting behind it that
 * `accepts` takes (up to `max` of them in all) are taken off the queue and answered in one step,
 * in order. A store writer commits them in one transaction: whatever arrived while it was busy
 * shares the next fsync.
 */
export interface MergedCalls<Req, Res> {
  accepts(request: Req): boolean;
  /** How many calls one step may take. */
  max: number;
  /** One answer per request, in order; a throw fails them all. */
  answer(requests: Req[]): Res[];
}

/**
 * Answers the calls of a WorkerClient in order, synchronously, one at a time (or, for calls `merged`
 * accepts, as many as are waiting at once); a thrown error becomes the call's rejection (message and
 * code). On close, runs `onClose` and lets the thread end.
 */
export function serveCalls<Req, Res>(
  handle: (request: Req) => Res,
  onClose: () => void,
  merged?: MergedCalls<Req, Res>,
): void {
  const port = parentPort;
  if (port === null) throw new Error('this module must run in a worker thread');
  const reply = (id: number, run: () => Res): void => {
    let message: HostReply<Res>;
    try {
      message = { type: 'answer', id, ok: true, result: run() };
    } catch (error) {
      message = { type: 'answer', id, ok: false, ...errorData(error) };
    }
    port.postMessage(message);
  };
  const serve = (message: HostRequest<Req>): void => {
    if (message.type === 'close') {
      onClose();
      port.postMessage({ type: 'closed' } satisfies HostReply<Res>);
      port.close();
      return;
    }
    if (merged === undefined || !merged.accepts(message.request)) {
      reply(message.id, () => handle(message.request));
      return;
    }
    const calls = [message];
    let next: HostRequest<Req> | undefined;
    while (calls.length < merged.max) {
      const waiting = receiveMessageOnPort(port) as { message: HostRequest<Req> } | undefined;
      if (waiting === undefined) break;
      if (waiting.message.type === 'call' && merged.accepts(waiting.message.request)) {
        calls.push(waiting.message);
      } else {
        next = waiting.message;
        break;
      }
    }
    let answers: Res[] | undefined;
    let failure: unknown;
    try {
      answers = merged.answer(calls.map((c) => c.request));
    } catch (error) {
      failure = error;
    }
    calls.forEach((call, i) =>
      reply(call.id, () => {
        if (answers === undefined) throw failure;
        return answers[i]!;
      }),
    );
    // A call that could not join comes next, in its turn.
    if (next !== undefined) serve(next);
  };
  port.on('message', serve);
}
