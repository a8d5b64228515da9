import { FakeWebhookReceiver, ReceivedWebhook, WebhookReply } from './fakes/webhook-receiver';

/** The default extension namespace (MCP_REGISTRY_META_NAMESPACE unset). */
export const DEFAULT_NS = 'io.github.mcp-registry-es';
const X = `/v0.1/x/${DEFAULT_NS}`;

export interface DeliveryView {
  id: string;
  webhookId: string;
  sequence: number;
  type: string;
  name?: string;
  outcome: string;
  attempts: Array<{ attempt: number; at: string; outcome: string; status?: number; error?: string }>;
}

export interface ChangeMessage {
  type: string;
  data: { sequence: number; name: string };
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

export async function anonymousToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v0/auth/none`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`anonymous login answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { registry_token: string }).registry_token;
}

/** Creates a subscription for `receiver` and hands the receiver its secret; returns the subscription id. */
export async function subscribe(
  baseUrl: string,
  token: string,
  receiver: FakeWebhookReceiver,
  filter: Record<string, unknown>,
): Promise<string> {
  const res = await call(baseUrl, 'POST', `${X}/subscriptions`, token, { url: receiver.url, filter });
  if (res.status !== 201) throw new Error(`subscribing answered ${res.status}: ${res.text}`);
  const created = res.json as { id: string; secret: string };
  receiver.secrets = [created.secret];
  return created.id;
}

export async function subscriptionStatus(baseUrl: string, token: string, id: string): Promise<string> {
  const res = await call(baseUrl, 'GET', `${X}/subscriptions/${id}`, token);
  if (res.status !== 200) throw new Error(`reading the subscription answered ${res.status}: ${res.text}`);
  return (res.json as { status: string }).status;
}

/** Every delivery of a subscription, page after page. */
export async function allDeliveries(baseUrl: string, token: string, id: string): Promise<DeliveryView[]> {
  const out: DeliveryView[] = [];
  let cursor: string | undefined;
  for (;;) {
    const q = `limit=100${cursor !== undefined ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await call(baseUrl, 'GET', `${X}/subscriptions/${id}/deliveries?${q}`, token);
    if (res.status !== 200) throw new Error(`listing deliveries answered ${res.status}: ${res.text}`);
    const page = res.json as { deliveries: DeliveryView[]; metadata: { nextCursor?: string } };
    out.push(...page.deliveries);
    if (page.metadata.nextCursor === undefined) return out;
    cursor = page.metadata.nextCursor;
  }
}

/** Every change the public feed lists for names starting with `prefix`: what a subscription to them must get. */
export async function changesInFeed(
  baseUrl: string,
  prefix: string,
): Promise<Array<{ sequence: number; name: string }>> {
  const out: Array<{ sequence: number; name: string }> = [];
  for (let after = 0; ;) {
    const res = await fetch(`${baseUrl}/v0.1/x/${DEFAULT_NS}/changes?after=${after}&limit=100`);
    const page = (await res.json()) as {
      changes: Array<{ data: { sequence: number; name: string } }>;
      metadata: { nextAfter: number; head: number };
    };
    out.push(...page.changes.map((ch) => ch.data).filter((ch) => ch.name.startsWith(prefix)));
    if (page.metadata.nextAfter >= page.metadata.head || page.changes.length === 0) return out;
    after = page.metadata.nextAfter;
  }
}

/** Polls `check` every 50 ms; throws naming `what` after `timeoutMs`. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const changeOf = (request: ReceivedWebhook): ChangeMessage | undefined => {
  const message = request.json as ChangeMessage | undefined;
  return message?.type?.startsWith('server.') === true ? message : undefined;
};

/**
 * A receiver that is slow and sometimes down: every change is answered after `delayMs`, and the
 * first request of every `failEvery`-th change (by arrival) is answered 503, so it is retried once,
 * 5 s later (never twice: the schedule's next step is minutes). Remembers what it answered, and when.
 */
export class FlakyEndpoint {
  /** webhook-id -> when its 503 was answered (ms). */
  readonly refusedAt = new Map<string, number>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly delayMs: number,
    private readonly failEvery: number,
  ) {}

  attach(receiver: FakeWebhookReceiver): void {
    receiver.respondWith((request) => this.reply(request));
  }

  private reply(request: ReceivedWebhook): WebhookReply | undefined {
    if (changeOf(request) === undefined) return undefined;
    const id = String(request.headers['webhook-id']);
    const first = !this.seen.has(id);
    this.seen.add(id);
    if (first && this.seen.size % this.failEvery === 0) {
      this.refusedAt.set(id, Date.now());
      return { status: 503, body: 'busy' };
    }
    return { status: 200, delayMs: this.delayMs };
  }
}

/**
 * What the receiver saw, per change: its sequence and name by webhook-id, and per server the order
 * in which changes first arrived (the per-entry order rule among first deliveries).
 */
export function receivedChanges(receiver: FakeWebhookReceiver): {
  byId: Map<string, ChangeMessage>;
  firstArrivals: Map<string, number[]>;
} {
  const byId = new Map<string, ChangeMessage>();
  const firstArrivals = new Map<string, number[]>();
  for (const request of receiver.requests) {
    const change = changeOf(request);
    if (change === undefined) continue;
    const id = String(request.headers['webhook-id']);
    if (byId.has(id)) continue;
    byId.set(id, change);
    const list = firstArrivals.get(change.data.name) ?? [];
    list.push(change.data.sequence);
    firstArrivals.set(change.data.name, list);
  }
  return { byId, firstArrivals };
}
