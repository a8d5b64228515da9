import { createServer } from 'node:net';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

/** One write on the upstream: a publish, a status change or an edit. */
export interface StreamWrite {
  method: 'POST' | 'PATCH' | 'PUT';
  path: string;
  body: Record<string, unknown>;
  label: string;
}

/** A write whose first answer was not a 200, or whose connection broke (the process was killed). */
export interface StreamRefusal {
  label: string;
  status: number;
  text: string;
  /** A connection broke before: the first try may have been committed, so a refusal is expected. */
  retried: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What one server goes through, round after round: two publishes (the second takes the latest flag),
 * the first deprecated, the second edited, the first deleted and restored, and every other round the
 * second deleted (the flag moves back).
 */
export function writesOf(name: string, rounds: number): StreamWrite[] {
  const enc = encodeURIComponent(name);
  const doc = (version: string, description: string) => ({ $schema: SCHEMA, name, version, description });
  const status = (version: string, body: Record<string, unknown>, label: string): StreamWrite => ({
    method: 'PATCH',
    path: `/v0/servers/${enc}/versions/${version}/status`,
    body,
    label: `${label} ${name}@${version}`,
  });
  const out: StreamWrite[] = [];
  for (let k = 0; k < rounds; k++) {
    const [first, second] = [`1.${k}.0`, `1.${k}.1`];
    out.push(
      { method: 'POST', path: '/v0/publish', body: doc(first, 'stream'), label: `publish ${name}@${first}` },
      {
        method: 'POST',
        path: '/v0/publish',
        body: doc(second, 'stream'),
        label: `publish ${name}@${second}`,
      },
      status(first, { status: 'deprecated', statusMessage: `use ${second}` }, 'deprecate'),
      {
        method: 'PUT',
        path: `/v0/servers/${enc}/versions/${second}`,
        body: doc(second, `edited in round ${k}`),
        label: `edit ${name}@${second}`,
      },
      status(first, { status: 'deleted' }, 'delete'),
      status(first, { status: 'active' }, 'restore'),
    );
    if (k % 2 === 1) out.push(status(second, { status: 'deleted' }, 'delete'));
  }
  return out;
}

/**
 * A paced stream of writes on a registry that may be killed under it: one worker per server (so each
 * server's writes stay in order), each write retried while the registry cannot be reached. A write
 * retried after a broken connection may have been committed by the killed process; its refusal is
 * then kept apart from the others.
 */
export class ChangeStream {
  done = 0;
  readonly total: number;
  readonly refusals: StreamRefusal[] = [];
  private stopped = false;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly perServer: StreamWrite[][],
    private readonly gapMs: number,
    private readonly unreachableForMs = 20_000,
  ) {
    this.total = perServer.reduce((n, writes) => n + writes.length, 0);
  }

  run(): Promise<void> {
    return Promise.all(this.perServer.map((writes) => this.worker(writes))).then(() => undefined);
  }

  /** Ends the stream after the writes in flight (a test that failed half-way). */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves once `fraction` of the writes are answered; throws after `timeoutMs`. */
  async reached(fraction: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.done < fraction * this.total) {
      if (Date.now() > deadline) throw new Error(`the stream did not reach ${fraction} in ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  private async worker(writes: StreamWrite[]): Promise<void> {
    for (const write of writes) {
      if (this.stopped) return;
      await this.send(write);
      this.done += 1;
      await sleep(this.gapMs);
    }
  }

  private async send(write: StreamWrite): Promise<void> {
    let retried = false;
    const deadline = Date.now() + this.unreachableForMs;
    for (;;) {
      try {
        const res = await fetch(`${this.baseUrl}${write.path}`, {
          method: write.method,
          headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(write.body),
        });
        const text = await res.text();
        if (res.status !== 200) this.refusals.push({ label: write.label, status: res.status, text, retried });
        return;
      } catch (error) {
        if (this.stopped) return;
        if (Date.now() > deadline) throw new Error(`${write.label}: unreachable: ${String(error)}`);
        retried = true;
        await sleep(100);
      }
    }
  }
}

/** A port free right now on 127.0.0.1, so a registry can be restarted on the same URL. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}
