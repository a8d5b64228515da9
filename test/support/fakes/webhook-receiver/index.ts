import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  method: string;
  path: string;
  /** Lower-case names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  arrivedAt: Date;
  /** Verified with `standardwebhooks`' own `Webhook.verify` by at least one of the receiver's secrets. */
  verified: boolean;
  /** Which of the receiver's secrets verify this request on their own (rotation checks). */
  verifiedWith: string[];
  verificationError?: string;
  /** Which connection it came on: 1 for the first socket accepted, and so on. */
  connection: number;
}

/** What to answer one request with. Every field is optional: the default is a 200 with no body. */
export interface WebhookReply {
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before answering (timeouts); the wait is cut short by `close()`. */
  delayMs?: number;
  /** A string or Buffer is sent as is, anything else as JSON. */
  body?: unknown;
  /** Drop the connection without answering. */
  hangUp?: boolean;
}

export type WebhookResponder = (request: ReceivedWebhook) => WebhookReply | undefined;

export interface FakeWebhookReceiverOptions {
  /** `whsec_...` secrets the receiver holds; a request verifies when any of them verifies it. */
  secrets?: string[];
  /** Answer `registry.subscription.verification` by echoing the challenge (default true). */
  answerHandshake?: boolean;
  /** Arrival times; default the system clock. */
  now?: () => Date;
}

const HANDSHAKE_TYPE = 'registry.subscription.verification';

/**
 * A sub-registry's webhook endpoint on 127.0.0.1 (a free port): it checks every request's
 * Standard Webhooks signature with the reference library, records everything, and answers as
 * programmed: first from `replies` (one per request, in order), then from `respondWith`, then
 * the handshake echo or a plain 200.
 */
export class FakeWebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  /** Answers for the next requests, consumed in order. */
  readonly replies: WebhookReply[] = [];
  answerHandshake: boolean;
  /** Sockets accepted so far (keep-alive checks). */
  connections = 0;
  private responder: WebhookResponder | undefined;
  private server: Server | undefined;
  private readonly sockets = new Map<Socket, number>();
  private readonly waits = new Set<NodeJS.Timeout>();
  private readonly now: () => Date;
  private held: string[];
  /** Requests that came before the receiver held any secret, with what they carried to verify. */
  private readonly unjudged = new Map<ReceivedWebhook, Record<string, string>>();

  constructor(options: FakeWebhookReceiverOptions = {}) {
    this.held = options.secrets ?? [];
    this.answerHandshake = options.answerHandshake ?? true;
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket: Socket) => {
      this.connections += 1;
      this.sockets.set(socket, this.connections);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    return this;
  }

  get url(): string {
    if (this.server === undefined) throw new Error('FakeWebhookReceiver is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  get port(): number {
    if (this.server === undefined) throw new Error('FakeWebhookReceiver is not started');
    return (this.server.address() as AddressInfo).port;
  }

  get secrets(): string[] {
    return this.held;
  }

  /**
   * A test learns the secret from the registry's answer, which can race the first delivery: requests
   * that came while the receiver held no secret are judged when it is first given one.
   */
  set secrets(secrets: string[]) {
    this.held = secrets;
    if (secrets.length === 0) return;
    for (const [request, headers] of this.unjudged) this.judge(request, headers);
    this.unjudged.clear();
  }

  get verified(): ReceivedWebhook[] {
    return this.requests.filter((r) => r.verified);
  }

  get failed(): ReceivedWebhook[] {
    return this.requests.filter((r) => !r.verified);
  }

  /** Answers requests the `replies` queue does not cover; undefined from it falls back to the default. */
  respondWith(responder: WebhookResponder | undefined): void {
    this.responder = responder;
  }

  /** Resolves once `predicate` holds; rejects with what was received when it has not after `timeoutMs`. */
  async waitFor(predicate: (receiver: this) => boolean, timeoutMs = 2_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) {
        throw new Error(
          `FakeWebhookReceiver: condition not met after ${timeoutMs} ms (${this.requests.length} requests)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const wait of this.waits) clearTimeout(wait);
    this.waits.clear();
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = this.record(req, Buffer.concat(chunks).toString('utf8'));
      const reply = this.replies.shift() ?? this.responder?.(request) ?? this.defaultReply(request);
      if (reply.delayMs === undefined || reply.delayMs <= 0) return answer(res, reply);
      const wait = setTimeout(() => {
        this.waits.delete(wait);
        answer(res, reply);
      }, reply.delayMs);
      this.waits.add(wait);
    });
  }

  private record(req: IncomingMessage, body: string): ReceivedWebhook {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[name] = value;
    }
    const request: ReceivedWebhook = {
      method: req.method ?? '',
      path: req.url ?? '/',
      headers: req.headers,
      body,
      json: parseJson(body),
      arrivedAt: this.now(),
      verified: false,
      verifiedWith: [],
      connection: this.sockets.get(req.socket) ?? 0,
    };
    if (this.held.length === 0) this.unjudged.set(request, headers);
    this.judge(request, headers);
    this.requests.push(request);
    return request;
  }

  private judge(request: ReceivedWebhook, headers: Record<string, string>): void {
    request.verifiedWith = [];
    request.verificationError = this.held.length === 0 ? 'the receiver holds no secret' : undefined;
    for (const secret of this.held) {
      try {
        new Webhook(secret).verify(request.body, headers);
        request.verifiedWith.push(secret);
      } catch (error) {
        request.verificationError = error instanceof Error ? error.message : String(error);
      }
    }
    request.verified = request.verifiedWith.length > 0;
    if (request.verified) request.verificationError = undefined;
  }

  private defaultReply(request: ReceivedWebhook): WebhookReply {
    const message = request.json as { type?: unknown; data?: { challenge?: unknown } } | undefined;
    if (this.answerHandshake && message?.type === HANDSHAKE_TYPE) {
      return { status: 200, body: { challenge: message.data?.challenge } };
    }
    return { status: 200 };
  }
}

function answer(res: ServerResponse, reply: WebhookReply): void {
  if (reply.hangUp === true) {
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let body: string | Buffer | undefined;
  if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) body = reply.body;
  else if (reply.body !== undefined) {
    body = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
