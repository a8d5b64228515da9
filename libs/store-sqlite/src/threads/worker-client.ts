import { Worker } from 'node:worker_threads';
import { errorFromData } from './error-data';
import type { HostReply, HostRequest } from './worker-host';

interface Pending<Res> {
  resolve: (result: Res) => void;
  reject: (error: unknown) => void;
}

/**
 * The calling side of a worker thread that answers requests one at a time (see worker-host.ts):
 * `call` posts a request and resolves with the thread's answer. Idle, the thread does not keep the
 * process alive; a call in flight does. If the thread dies, every call in flight and every later
 * call fails with the reason, and `failure` says so (health checks read it).
 */
export class WorkerClient<Req, Res> {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending<Res>>();
  private nextId = 1;
  private failed: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    script: string,
    workerData: unknown,
    private readonly name: string,
  ) {
    // The thread inherits this process's execArgv, so the path-alias preload
    // (scripts/register-paths.cjs) resolves `@registry/*` there too.
    this.worker = new Worker(script, { workerData });
    this.worker.unref();
    this.worker.on('message', (reply: HostReply<Res>) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (this.closing === undefined) this.fail(new Error(`exited with code ${code}`));
      else this.rejectPending(new Error(`${this.name} thread exited with code ${code} while closing`));
    });
  }

  /** Why the thread stopped working, if it did. */
  get failure(): Error | undefined {
    return this.failed;
  }

  call(request: Req): Promise<Res> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    if (this.closing !== undefined) return Promise.reject(new Error(`${this.name} is closed`));
    const id = this.nextId++;
    return new Promise<Res>((resolve, reject) => {
      // Posted first: a request that cannot be sent (it does not clone) leaves nothing behind.
      this.worker.postMessage({ type: 'call', id, request } satisfies HostRequest<Req>);
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
    });
  }

  /** Lets the calls in flight finish, then stops the thread. */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    if (this.failed !== undefined) {
      await this.worker.terminate();
      return;
    }
    this.worker.ref();
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Messages are handled in order, so the close comes after every call already posted.
    this.worker.postMessage({ type: 'close' } satisfies HostRequest<Req>);
    await exited;
  }

  private settle(reply: HostReply<Res>): void {
    if (reply.type !== 'answer') return;
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    // Closing holds a reference until the thread has exited.
    if (this.pending.size === 0 && this.closing === undefined) this.worker.unref();
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(errorFromData(reply));
  }

  private fail(error: Error): void {
    this.failed ??= new Error(`${this.name} thread failed: ${error.message}`);
    this.rejectPending(this.failed);
  }

  private rejectPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}
