import { goQuote } from './official-formatting';

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

const HOST_EXTRA_ALLOWED = new Set([
  '!',
  '$',
  '&',
  "'",
  '(',
  ')',
  '*',
  '+',
  ',',
  ';',
  '=',
  ':',
  '[',
  ']',
  '<',
  '>',
  '"',
]);

class GoUrlError extends Error {}

function isHex(char: string | undefined): boolean {
  return char !== undefined && /^[0-9a-fA-F]$/.test(char);
}

function unescape(value: string, mode: 'host' | 'path' | 'fragment'): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '%') {
      if (i + 2 >= value.length || !isHex(value[i + 1]) || !isHex(value[i + 2])) {
        throw new GoUrlError(`invalid URL escape ${goQuote(value.slice(i, i + 3))}`);
      }
      const escape = value.slice(i, i + 3);
      if (mode === 'host' && parseInt(value[i + 1], 16) < 8 && escape !== '%25') {
        throw new GoUrlError(`invalid URL escape ${goQuote(escape)}`);
      }
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    const code = char.charCodeAt(0);
    if (mode === 'host' && code < 0x80 && !/^[A-Za-z0-9\-_.~]$/.test(char) && !HOST_EXTRA_ALLOWED.has(char)) {
      throw new GoUrlError(`invalid character ${goQuote(char)} in host name`);
    }
    bytes.push(...Buffer.from(char, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  return /^:[0-9]*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new GoUrlError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new GoUrlError(`invalid port ${goQuote(colonPort)} after host`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) {
      throw new GoUrlError(`invalid port ${goQuote(host.slice(colon))} after host`);
    }
  }
  return unescape(host, 'host');
}

function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (/[A-Za-z]/.test(char)) continue;
    if (/[0-9+\-.]/.test(char)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (char === ':') {
      if (i === 0) throw new GoUrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseWithoutFragment(raw: string): ParsedUrl {
  for (const char of raw) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) throw new GoUrlError('net/url: invalid control character in URL');
  }
  const [rawScheme, afterScheme] = splitScheme(raw);
  const scheme = rawScheme.toLowerCase();
  let rest = afterScheme;
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else rest = rest.split('?')[0];
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, host: '', path: '' };
    if (rest.split('/')[0].includes(':'))
      throw new GoUrlError('first path segment in URL cannot contain colon');
  }
  let host = '';
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    host = parseHost(at < 0 ? authority : authority.slice(at + 1));
    if (at >= 0 && !/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at))) {
      throw new GoUrlError('net/url: invalid userinfo');
    }
  }
  return { scheme, host, path: unescape(rest, 'path') };
}

/** Parses like Go's url.Parse; failures carry Go's message, e.g. `parse "x": invalid character " " in host name`. */
export function parseUrlAsOfficial(raw: string): ParsedUrl | { error: string } {
  const hash = raw.indexOf('#');
  const withoutFragment = hash < 0 ? raw : raw.slice(0, hash);
  try {
    const parsed = parseWithoutFragment(withoutFragment);
    if (hash >= 0) {
      try {
        unescape(raw.slice(hash + 1), 'fragment');
      } catch (error) {
        return { error: `parse ${goQuote(raw)}: ${(error as Error).message}` };
      }
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof GoUrlError)) throw error;
    return { error: `parse ${goQuote(withoutFragment)}: ${error.message}` };
  }
}
