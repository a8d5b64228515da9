/**
 * Fetches one JSON document of an import source over HTTP(S).
 *
 * Why plain `fetch` and not the registry's guarded outbound HTTP: an import URL is chosen by the
 * operator (CLI argument or MCP_REGISTRY_SEED_FROM), never by a publisher, so the rule that outbound
 * requests refuse private, loopback and link-local addresses does not apply — importing from a
 * registry on the same host or the internal network is a normal thing to do. The request still has a
 * time limit, and anything but 200 is an error, as in the official importer.
 */
import { SeedSourceError } from './seed-source-error';

/** Reads one URL and returns its parsed JSON body; throws SeedSourceError on any failure. */
export type FetchSeedJson = (url: string) => Promise<unknown>;

export const DEFAULT_SEED_FETCH_TIMEOUT_MS = 60_000;

export function fetchSeedJsonWith(timeoutMs: number = DEFAULT_SEED_FETCH_TIMEOUT_MS): FetchSeedJson {
  return async (url) => {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new SeedSourceError(url, 'unreachable', describeFetchFailure(err, timeoutMs));
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      const text = response.statusText ? ` ${response.statusText}` : '';
      throw new SeedSourceError(url, 'http-status', `HTTP ${response.status}${text} (expected 200)`);
    }
    let body: string;
    try {
      body = await response.text();
    } catch (err) {
      throw new SeedSourceError(url, 'unreachable', describeFetchFailure(err, timeoutMs));
    }
    return parseSeedJson(url, body);
  };
}

/** Parses a source's text; a byte-order mark is tolerated because some exports carry one. */
export function parseSeedJson(source: string, text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new SeedSourceError(source, 'not-json', `not valid JSON (${why})`);
  }
}

function describeFetchFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `no complete answer within ${timeoutMs} ms`;
  }
  // undici hides the socket error (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  const code =
    cause instanceof Error ? ((cause as Error & { code?: string }).code ?? cause.message) : undefined;
  const message = err instanceof Error ? err.message : String(err);
  return code ? `request failed (${code})` : `request failed (${message})`;
}
