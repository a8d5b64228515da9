/**
 * Go's `net/url.Parse`, reproduced for the checks and error texts the official registry derives
 * from it: huma's `format:"uri"` ("expected string to be RFC 3986 uri: parse ...") and the
 * validators' URL rules. Only what those callers observe is kept: scheme, host, path, whether the
 * URL is absolute, and the exact error string.
 */

export interface GoUrl {
  /** Lower-cased, as Go stores it. */
  scheme: string;
  opaque: string;
  /** host[:port], percent-decoded (Go's URL.Host). */
  host: string;
  /** The percent-decoded path (Go's URL.Path). */
  path: string;
}

export type GoUrlResult = { ok: true; url: GoUrl } | { ok: false; error: string };

/** strconv.Quote for the ASCII-heavy strings that reach error messages. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

class UrlError extends Error {}

/** Go's stringContainsCTLByte: bytes below 0x20 and DEL. */
function isControlCharacter(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

type Mode = 'host' | 'path' | 'fragment' | 'userinfo';

/** Characters a host may hold unescaped (Go's shouldEscape in encodeHost mode). */
function hostAllows(c: string): boolean {
  return /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/.test(c);
}

/** Go's unescape: validates %-escapes (and, for hosts, the characters allowed) and decodes them. */
function unescape(s: string, mode: Mode): string {
  checkEscapes(s, mode);
  // Each run of escapes is UTF-8 bytes (bytes that are not valid UTF-8 become U+FFFD: a JS string
  // cannot hold them, and the official rules only compare decoded text).
  return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) =>
    Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'),
  );
}

/** Validates %-escapes (and, for hosts, the characters allowed), as Go's unescape does first. */
function checkEscapes(s: string, mode: Mode): void {
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]!) || !isHex(s[i + 2]!)) {
        throw new UrlError(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      }
      // RFC 3986 allows %-encoding in a host only for non-ASCII bytes (and %25 for IPv6 zones).
      if (mode === 'host' && parseInt(s[i + 1]!, 16) < 8 && s.slice(i, i + 3) !== '%25') {
        throw new UrlError(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      }
      i += 3;
      continue;
    }
    if (mode === 'host' && c.charCodeAt(0) < 0x80 && !hostAllows(c)) {
      throw new UrlError(`invalid character ${goQuote(c)} in host name`);
    }
    i++;
  }
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  return port[0] === ':' && /^[0-9]*$/.test(port.slice(1));
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const end = host.lastIndexOf(']');
    if (end < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(end + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon !== -1) {
      const colonPort = host.slice(colon);
      if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
    }
  }
  return unescape(host, 'host');
}

const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

function parseAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!USERINFO.test(userinfo)) throw new UrlError('net/url: invalid userinfo');
    checkEscapes(userinfo, 'userinfo');
  }
  return host;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseWithoutFragment(raw: string): GoUrl {
  if ([...raw].some(isControlCharacter)) throw new UrlError('net/url: invalid control character in URL');
  if (raw === '*') return { scheme: '', opaque: '', host: '', path: '*' };
  const [scheme, afterScheme] = getScheme(raw);
  let rest = afterScheme;
  const url: GoUrl = { scheme: scheme.toLowerCase(), opaque: '', host: '', path: '' };
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else if (rest.includes('?')) rest = rest.slice(0, rest.indexOf('?'));
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    const firstSegment = rest.split('/')[0]!;
    if (firstSegment.includes(':')) throw new UrlError('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    url.host = parseAuthority(authority);
  }
  url.path = unescape(rest, 'path');
  return url;
}

export function parseGoUrl(raw: string): GoUrlResult {
  const hash = raw.indexOf('#');
  const beforeFragment = hash < 0 ? raw : raw.slice(0, hash);
  let url: GoUrl;
  try {
    url = parseWithoutFragment(beforeFragment);
  } catch (e) {
    if (e instanceof UrlError) return { ok: false, error: `parse ${goQuote(beforeFragment)}: ${e.message}` };
    throw e;
  }
  if (hash >= 0) {
    try {
      checkEscapes(raw.slice(hash + 1), 'fragment');
    } catch (e) {
      if (e instanceof UrlError) return { ok: false, error: `parse ${goQuote(raw)}: ${e.message}` };
      throw e;
    }
  }
  return { ok: true, url };
}

/** url.URL.Hostname(): the host without a valid port and without IPv6 brackets. */
export function goHostname(url: GoUrl): string {
  let host = url.host;
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(host.slice(colon))) host = host.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host;
}
