import { parseGoUrl } from '@registry/domain/validation/go-url';

/**
 * The parts of a URL the official MCPB rules read, parsed the way Go's net/url.Parse does: which
 * strings are rejected, and with which message, decides the error text a publisher sees. The
 * WHATWG parser is stricter and more forgiving in different places, so it cannot stand in.
 */
export interface ParsedUrl {
  scheme: string;
  /** host[:port] as written (Go's URL.Host), percent-decoded. */
  host: string;
  /** The percent-decoded path (Go's URL.Path). */
  path: string;
}

/** Parses like Go's url.Parse; failures carry Go's message, e.g. `parse "x": invalid character " " in host name`. */
export function parseUrlAsOfficial(raw: string): ParsedUrl | { error: string } {
  const parsed = parseGoUrl(raw);
  if (!parsed.ok) return { error: parsed.error };
  const { scheme, host, path } = parsed.url;
  return { scheme, host, path };
}
