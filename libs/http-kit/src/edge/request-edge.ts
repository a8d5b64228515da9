/**
 * The checks the official registry runs before routing (internal/api/server.go: NUL bytes, then the
 * trailing-slash redirect) and its CORS policy (rs/cors: any origin, any header), as pure functions of
 * the raw request. Each one scans the URL with indexOf and allocates only when it has something to say.
 */

/** Methods a preflight may ask for (rs/cors AllowedMethods of the official server). */
export const CORS_ALLOWED_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);
export const CORS_EXPOSED_HEADERS = 'Content-Type, Content-Length';
export const CORS_MAX_AGE_SECONDS = '86400';
export const CORS_PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

export const NUL_IN_PATH_DETAIL = 'Invalid request: URL path contains null bytes';
export const NUL_IN_QUERY_DETAIL = 'Invalid request: query parameters contain null bytes';

/**
 * The 400 detail when the URL carries a NUL byte, raw or as `%00`: in the path (checked decoded, so
 * `%2500` counts too, as Go's `r.URL.Path`) or in the raw query.
 */
export function nulByteDetail(rawUrl: string): string | undefined {
  const percent = rawUrl.indexOf('%');
  const raw = rawUrl.indexOf('\0');
  if (percent === -1 && raw === -1) return undefined;
  const q = rawUrl.indexOf('?');
  const pathEnd = q === -1 ? rawUrl.length : q;
  const encoded = percent === -1 ? -1 : rawUrl.indexOf('%00');
  if ((raw !== -1 && raw < pathEnd) || (encoded !== -1 && encoded < pathEnd)) return NUL_IN_PATH_DETAIL;
  const escapedPercent = percent === -1 ? -1 : rawUrl.indexOf('%25');
  if (
    escapedPercent !== -1 &&
    escapedPercent < pathEnd &&
    decodedIncludesEncodedNul(rawUrl.slice(0, pathEnd))
  ) {
    return NUL_IN_PATH_DETAIL;
  }
  // Both indexes are first occurrences, and neither is in the path: past the '?' means in the query.
  if (q !== -1 && (raw > q || encoded > q)) return NUL_IN_QUERY_DETAIL;
  return undefined;
}

function decodedIncludesEncodedNul(path: string): boolean {
  try {
    return decodeURIComponent(path).includes('%00');
  } catch {
    return false;
  }
}

/**
 * Where a URL with a trailing slash is sent (308, method and body kept): the path cleaned as Go's
 * `path.Clean` does (which also defeats `//evil.example/` open redirects), the query kept as it came.
 * Undefined for "/" and for paths that do not end with a slash.
 */
export function trailingSlashLocation(rawUrl: string): string | undefined {
  const q = rawUrl.indexOf('?');
  const pathEnd = q === -1 ? rawUrl.length : q;
  if (pathEnd <= 1 || rawUrl.charCodeAt(pathEnd - 1) !== 47 /* '/' */) return undefined;
  const path = cleanPath(rawUrl.slice(0, pathEnd));
  return q === -1 ? path : path + rawUrl.slice(q);
}

/**
 * Go's `path.Clean` on the still-encoded path. Go cleans the decoded path and re-encodes it, which turns
 * `%2F` inside a server name into a real slash; working on the raw path keeps the name intact.
 */
export function cleanPath(path: string): string {
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(segment);
  }
  return '/' + kept.join('/');
}

/** The small HTML body Go's `http.Redirect` writes for a GET. */
export function redirectBody(location: string): string {
  return `<a href="${escapeHtml(location)}">Permanent Redirect</a>.\n\n`;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
}

/** Headers of a preflight answer (rs/cors): the asked method and headers echoed back when allowed. */
export function preflightHeaders(
  origin: string | undefined,
  requestMethod: string,
  requestHeaders: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { vary: CORS_PREFLIGHT_VARY };
  if (origin === undefined || origin === '') return headers;
  const method = requestMethod.toUpperCase();
  if (!CORS_ALLOWED_METHODS.has(method)) return headers;
  headers['access-control-allow-origin'] = '*';
  headers['access-control-allow-methods'] = method;
  if (requestHeaders !== undefined && requestHeaders !== '')
    headers['access-control-allow-headers'] = requestHeaders;
  headers['access-control-max-age'] = CORS_MAX_AGE_SECONDS;
  return headers;
}
