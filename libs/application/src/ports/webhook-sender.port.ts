/**
 * One signed POST of a Standard Webhooks message (https://www.standardwebhooks.com): the sender signs
 * `body` with every secret given (several during a rotation), sends it through the outbound guard,
 * never follows a redirect, and reports what happened. It never throws for the endpoint's behaviour:
 * every outcome, including a refused address, is an `AttemptResult`.
 */
export interface WebhookMessage {
  url: string;
  /** `webhook-id`: the change's event id, the same on every retry. */
  id: string;
  /** The JSON text of `{type, timestamp, data}`, sent byte for byte as signed. */
  body: string;
  /** `whsec_...` secrets, newest first; each adds one `v1,<sig>` to `webhook-signature`. */
  secrets: string[];
  /** `webhook-timestamp` (taken from the clock at each attempt). */
  timestamp: Date;
}

export type AttemptOutcome =
  /** 2xx. */
  | 'delivered'
  /** Any other status (3xx included: redirects are never followed), or a network error, or a timeout. */
  | 'failed'
  /** 410: the endpoint asks never to be called again. */
  | 'gone'
  /** The URL or its address is refused by the outbound guard (never retried to success). */
  | 'refused';

export interface AttemptResult {
  outcome: AttemptOutcome;
  /** The HTTP status, when an answer came. */
  status?: number;
  latencyMs: number;
  /** The answer's first 1 KB (UTF-8, cut at a character boundary). */
  responseSnippet?: string;
  /** What went wrong, in one line: "timed out after 10000 ms", "redirect to https://x (not followed)". */
  error?: string;
  /** A `Retry-After` the endpoint asked for (seconds or HTTP date), in ms from the attempt's end. */
  retryAfterMs?: number;
  /** The whole answer body when it was at most 64 KB (for the verification handshake's echo). */
  body?: string;
}

export interface WebhookSender {
  send(message: WebhookMessage): Promise<AttemptResult>;
  close(): Promise<void>;
}

export const WEBHOOK_SENDER = Symbol('WebhookSender');

/** Judges a subscription's URL when it is set, with the same rules the sender applies when it connects. */
export interface WebhookUrlPolicy {
  /** Why the URL is refused (not https, a private address...), or undefined when it is acceptable. */
  refusal(url: string): string | undefined;
}

export const WEBHOOK_URL_POLICY = Symbol('WebhookUrlPolicy');
