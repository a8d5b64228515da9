/** What a version is found by, per field; the SQLite read model computes the same in SQL. */
export interface SearchFields {
  name: string;
  title: string;
  /** Package identifiers, space-separated. */
  identifiers: string;
  /** Remote URLs' hosts (with any port), space-separated. */
  hosts: string;
  description: string;
}

interface SearchableServer {
  title?: unknown;
  description?: unknown;
  packages?: unknown;
  remotes?: unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function listOf(value: unknown, key: string): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item) =>
      typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : undefined,
    )
    .filter((v): v is string => typeof v === 'string');
}

/**
 * A URL's host and port, cut by hand (not `new URL`) so that template URLs such as
 * `https://{tenant}.example.com/mcp` keep their text, exactly as the SQL of the SQLite index cuts it:
 * after `://`, up to the first `/`, `?` or `#`, without `user@`.
 */
export function remoteHost(url: string): string {
  const scheme = url.indexOf('://');
  const rest = scheme >= 0 ? url.slice(scheme + 3) : url;
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  return authority.slice(authority.indexOf('@') + 1);
}

/** The search fields of a version, from its name and server.json. */
export function searchFieldsOf(name: string, server: SearchableServer): SearchFields {
  return {
    name,
    title: text(server.title),
    identifiers: listOf(server.packages, 'identifier').join(' '),
    hosts: listOf(server.remotes, 'url').map(remoteHost).join(' '),
    description: text(server.description),
  };
}
