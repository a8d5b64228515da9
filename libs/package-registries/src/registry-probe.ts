import { VALIDATOR_USER_AGENT } from './package-registry-options';
import { RedirectPolicy, UpstreamClient } from './upstream-client';

/** What a follow-up "does this package exist at all?" request says about a 404/403 answer. */
export type ExistenceProbe = 'exists' | 'missing' | 'transient' | 'unknown';

export interface ProbeRequest {
  timeoutMs: number;
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  redirectAllowed?: RedirectPolicy;
}

/**
 * The official validators refine a "not found" with a second request: 200 means the package (or
 * version) exists, 404 that it does not, 429/5xx or no answer that we cannot tell (retry later).
 */
export async function probeExistence(
  upstream: UpstreamClient,
  url: string,
  request: ProbeRequest,
): Promise<ExistenceProbe> {
  const outcome = await upstream.fetch(url, {
    method: request.method ?? 'HEAD',
    headers: request.headers ?? { 'User-Agent': VALIDATOR_USER_AGENT },
    timeoutMs: request.timeoutMs,
    redirectAllowed: request.redirectAllowed,
  });
  if (outcome.failure) return 'transient';
  const { status } = outcome.response;
  if (status === 200) return 'exists';
  if (status === 404) return 'missing';
  if (status === 429 || (status >= 500 && status < 600)) return 'transient';
  return 'unknown';
}
