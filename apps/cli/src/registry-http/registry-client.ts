import { CliError, UsageError } from '../cli-error';
import { problemDetailOf } from './problem-detail';

export const DEFAULT_REGISTRY_URL = 'http://localhost:8080';
const TIMEOUT_MS = 30_000;

/**
 * The registry to talk to: `--registry`, else MCP_REGISTRY_URL, else the registry the stored token was
 * issued by (as the official publisher does), else the local default.
 */
export function resolveRegistryUrl(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  stored?: string,
): string {
  const fromEnv = env.MCP_REGISTRY_URL?.trim() || undefined;
  const raw = flag ?? fromEnv ?? stored ?? DEFAULT_REGISTRY_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`registry URL "${raw}" is not an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`registry URL "${raw}" is not an http(s) URL`);
  }
  return raw.replace(/\/+$/, '');
}

export interface RegistryRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under the base URL, already encoded, e.g. `/v0/publish`. */
  path: string;
  body?: unknown;
  token?: string;
  /** What the request is for, to start the error message: `publish`, `token exchange`. */
  action: string;
}

/** JSON over HTTP to one registry; any non-2xx answer becomes a one-line CliError with its detail. */
export class RegistryClient {
  constructor(readonly baseUrl: string) {}

  async send(request: RegistryRequest): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
    const url = `${this.baseUrl}${request.path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      text = await response.text();
    } catch (err) {
      throw new CliError(`${request.action} failed: ${unreachable(this.baseUrl, err)}`);
    }
    if (response.status < 200 || response.status > 299) {
      const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      throw new CliError(`${request.action} failed: ${status}: ${problemDetailOf(text)}`);
    }
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new CliError(
        `${request.action} failed: the registry at ${this.baseUrl} answered ${response.status} without JSON`,
      );
    }
  }
}

function unreachable(baseUrl: string, err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `the registry at ${baseUrl} did not answer within ${TIMEOUT_MS / 1000}s`;
  }
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  const code =
    cause instanceof Error ? ((cause as Error & { code?: string }).code ?? cause.message) : String(err);
  return `cannot reach the registry at ${baseUrl} (${code})`;
}
