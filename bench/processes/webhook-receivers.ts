import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { announce, stopWhenParentLets } from './ready-signal';

/** What the receivers announce once they listen. */
export interface ReceiversReady {
  /** One port per receiver server; subscription i is `http://127.0.0.1:<ports[i % n]>/hooks/<i>`. */
  ports: number[];
  /** The control server: secrets in, receipts out. */
  control: number;
}

/** One change received: [subscription index, data.sequence, arrival (ms since the epoch), name, version]. */
export type Receipt = [number, number, number, string, string];

/** What `POST /take` answers: the receipts since the last take, and the signature checks so far. */
export interface ReceiptBatch {
  receipts: Receipt[];
  handshakes: number;
  /** Signatures checked with `standardwebhooks` and found valid / invalid. */
  verified: number;
  invalid: number;
  /** Deliveries not checked (only every `BENCH_VERIFY_EVERY`-th of each receiver is). */
  unchecked: number;
  /** Requests whose body was not a change we could read. */
  unreadable: number;
}

const HANDSHAKE_TYPE = 'registry.subscription.verification';

interface Change {
  type?: unknown;
  data?: { sequence?: unknown; name?: unknown; version?: unknown; challenge?: unknown };
}

/** A request that arrived before its subscription's secret was known (the handshake races the 201). */
interface Unchecked {
  sub: number;
  body: string;
  headers: Record<string, string>;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
const now = (): number => performance.timeOrigin + performance.now();

/**
 * The sub-registries of the federation benchmark, in a process of their own so that receiving does
 * not run on the benchmark driver's event loop: `BENCH_RECEIVER_PORTS` plain node:http servers that
 * answer 200 at once (the handshake with its challenge), stamp each change's arrival, and check
 * signatures with the `standardwebhooks` reference library on every `BENCH_VERIFY_EVERY`-th delivery
 * (and every handshake), so the benchmark cannot pass with broken signing.
 */
async function main(): Promise<void> {
  const portCount = Math.max(1, Number(process.env.BENCH_RECEIVER_PORTS ?? '1'));
  const verifyEvery = Math.max(1, Number(process.env.BENCH_VERIFY_EVERY ?? '1'));
  const hooks: Array<Webhook | undefined> = [];
  const waiting: Unchecked[] = [];
  const seen = new Map<number, number>();
  let batch = emptyBatch();

  const check = (sub: number, body: string, headers: Record<string, string>): void => {
    const hook = hooks[sub];
    if (hook === undefined) {
      waiting.push({ sub, body, headers });
      return;
    }
    try {
      hook.verify(body, headers);
      batch.verified += 1;
    } catch {
      batch.invalid += 1;
    }
  };

  const receive = (request: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const at = now();
      const body = Buffer.concat(chunks).toString('utf8');
      const sub = Number(/^\/hooks\/(\d+)$/.exec(request.url ?? '')?.[1] ?? NaN);
      let change: Change;
      try {
        change = JSON.parse(body) as Change;
      } catch {
        change = {};
      }
      if (change.type === HANDSHAKE_TYPE) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ challenge: change.data?.challenge }));
        batch.handshakes += 1;
        check(sub, body, signed(request));
        return;
      }
      response.writeHead(200).end();
      const d = change.data;
      if (!Number.isInteger(sub) || typeof d?.name !== 'string' || typeof d.version !== 'string') {
        batch.unreadable += 1;
        return;
      }
      batch.receipts.push([sub, Number(d.sequence), at, d.name, d.version]);
      const n = (seen.get(sub) ?? 0) + 1;
      seen.set(sub, n);
      if (n % verifyEvery === 0) check(sub, body, signed(request));
      else batch.unchecked += 1;
    });
  };

  const servers: Server[] = [];
  for (let i = 0; i < portCount; i++) servers.push(await listen(createServer(receive)));
  const control = await listen(
    createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        if (request.url === '/secrets') {
          const { secrets } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { secrets: string[] };
          secrets.forEach((secret, i) => (hooks[i] = new Webhook(secret)));
          for (const w of waiting.splice(0)) check(w.sub, w.body, w.headers);
          response.writeHead(204).end();
        } else if (request.url === '/progress') {
          response.end(JSON.stringify({ received: batch.receipts.length }));
        } else if (request.url === '/take') {
          response.end(JSON.stringify(batch));
          // Signature counts run on; receipts are per phase.
          batch = { ...batch, receipts: [] };
        } else response.writeHead(404).end();
      });
    }),
  );
  stopWhenParentLets(async () => {
    await Promise.all([...servers, control].map((s) => new Promise((done) => s.close(done))));
  });
  const ready: ReceiversReady = { ports: servers.map(portOf), control: portOf(control) };
  announce(ready);
}

function emptyBatch(): ReceiptBatch {
  return { receipts: [], handshakes: 0, verified: 0, invalid: 0, unchecked: 0, unreadable: 0 };
}

function signed(request: IncomingMessage): Record<string, string> {
  const h = (name: string): string => String(request.headers[name] ?? '');
  return {
    'webhook-id': h('webhook-id'),
    'webhook-timestamp': h('webhook-timestamp'),
    'webhook-signature': h('webhook-signature'),
  };
}

function listen(server: Server): Promise<Server> {
  // Keep-alive sockets of the registry's pool stay open between bursts, as they would with a real peer.
  server.keepAliveTimeout = 60_000;
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

// Only as a process entry: the scenario imports this module's names too.
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`receivers failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
