import { performance } from 'node:perf_hooks';
import type {
  AttemptResult,
  WebhookMessage,
  WebhookSender,
} from '@registry/application/ports/webhook-sender.port';
import { OutboundHttp, OutboundHttpError, OutboundResponse } from '@registry/outbound-http';
import { responseSnippet, retryAfterMs } from './endpoint-answer';
import { webhookSignature } from './webhook-signature';
import { checkWebhookUrl } from './webhook-url-policy';

export interface StandardWebhookSenderOptions {
  /** MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: tests and development reach loopback receivers over http. */
  allowPrivateAddresses: boolean;
  /** Per attempt, connecting and reading included; default 10_000. */
  timeoutMs?: number;
  /** Default 'mcp-registry-webhooks'. */
  userAgent?: string;
  /** Connections per receiver at once; default unlimited. */
  maxSocketsPerHost?: number;
  /** Ends an attempt for `Retry-After` dates; default the system clock. */
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_USER_AGENT = 'mcp-registry-webhooks';
/** More than this is not read: an acknowledgement or a handshake echo is a few bytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Delivers Standard Webhooks (https://www.standardwebhooks.com) through the outbound guard, over
 * pooled connections so that a busy receiver is not paying a handshake per event.
 */
export class StandardWebhookSender implements WebhookSender {
  private readonly http: OutboundHttp;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: StandardWebhookSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? (() => new Date());
    this.http = new OutboundHttp({
      allowPrivateAddresses: options.allowPrivateAddresses,
      timeoutMs: this.timeoutMs,
      maxBodyBytes: MAX_ANSWER_BYTES,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      keepAlive: { maxSocketsPerHost: options.maxSocketsPerHost },
    });
  }

  /** Throws only for a message that cannot be signed (no or malformed secret): a caller's bug. */
  async send(message: WebhookMessage): Promise<AttemptResult> {
    const headers = {
      'content-type': 'application/json',
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
      'webhook-signature': webhookSignature(message.id, message.timestamp, message.body, message.secrets),
    };
    const started = performance.now();
    const latency = (): number => Math.round(performance.now() - started);
    const refusal = checkWebhookUrl(message.url, this.options.allowPrivateAddresses);
    if (refusal !== undefined) return { outcome: 'refused', latencyMs: latency(), error: refusal };
    try {
      const response = await this.http.post(message.url, message.body, { headers });
      return this.judge(message.url, response, latency());
    } catch (error) {
      return { ...this.failure(error), latencyMs: latency() };
    }
  }

  async close(): Promise<void> {
    this.http.close();
  }

  private judge(url: string, response: OutboundResponse, latencyMs: number): AttemptResult {
    const { status } = response;
    const result: AttemptResult = { outcome: 'failed', status, latencyMs };
    if (response.body.length > 0) result.responseSnippet = responseSnippet(response.body);
    if (!response.truncated) result.body = response.text();
    const retryAfter = retryAfterMs(response.headers['retry-after'], this.now());
    if (retryAfter !== undefined) result.retryAfterMs = retryAfter;
    if (status >= 200 && status < 300) result.outcome = 'delivered';
    else if (status === 410) result.outcome = 'gone';
    else if (status >= 300 && status < 400 && response.headers.location !== undefined) {
      result.error = `redirect to ${absolute(response.headers.location, url)} (not followed)`;
    } else result.error = `HTTP ${status}`;
    return result;
  }

  private failure(error: unknown): Omit<AttemptResult, 'latencyMs'> {
    if (!(error instanceof OutboundHttpError)) {
      return { outcome: 'failed', error: oneLine(error instanceof Error ? error.message : String(error)) };
    }
    switch (error.code) {
      case 'bad-url':
      case 'private-address':
        return { outcome: 'refused', error: error.message };
      case 'timeout':
        return { outcome: 'failed', error: `timed out after ${this.timeoutMs} ms` };
      default: {
        // The cause says what the socket saw ("connect ECONNREFUSED ..."), without the URL again.
        const cause = error.cause instanceof Error ? error.cause.message : error.message;
        return { outcome: 'failed', error: oneLine(cause) };
      }
    }
  }
}

function absolute(location: string, base: string): string {
  try {
    return new URL(location, base).toString();
  } catch {
    return location;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
