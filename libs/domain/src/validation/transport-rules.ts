import { Fields, fieldsOf, listOf, pathOf, textOf } from './decoded-fields';
import { goHostname, parseGoUrl } from './go-url';
import { semanticError } from './semantic-issue';
import { ValidationIssue } from './validation-issue';

/**
 * Transport rules: a package runs over stdio, streamable-http or sse; a remote only over the two
 * HTTP transports, at a public https URL. `{curly}` template variables in a URL must name a
 * variable the package (argument name or valueHint, environment variable) or the remote
 * (`variables`) declares.
 */

export function templateVariablesOf(url: string): string[] {
  return [...url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

/** Substitutes placeholders so a templated URL can be parsed (the official heuristics). */
function withPlaceholders(url: string): string {
  const common: Record<string, string> = {
    '{host}': 'example.com',
    '{port}': '8080',
    '{path}': 'api',
    '{protocol}': 'http',
    '{scheme}': 'http',
  };
  let result = url;
  for (const [placeholder, value] of Object.entries(common)) result = result.split(placeholder).join(value);
  result = result.replace(/:(\{[^}]+\})(\/|$)/g, ':8080$2');
  return result.replace(/\{[^}]+\}/g, 'placeholder');
}

/** An absolute http(s) URL with a host, once template variables are substituted. */
export function isValidUrl(url: string): boolean {
  const parsed = parseGoUrl(withPlaceholders(url));
  if (!parsed.ok) return false;
  return (parsed.url.scheme === 'http' || parsed.url.scheme === 'https') && parsed.url.host !== '';
}

/** Stricter than a package URL: https only, and never a loopback host. */
export function isValidRemoteUrl(url: string): boolean {
  if (!isValidUrl(url)) return false;
  const parsed = parseGoUrl(withPlaceholders(url));
  if (!parsed.ok) return false;
  const hostname = goHostname(parsed.url);
  if (hostname === 'localhost' || hostname === '127.0.0.1' || hostname.endsWith('.localhost')) return false;
  return parsed.url.scheme === 'https';
}

export function isValidTemplatedUrl(url: string, available: readonly string[]): boolean {
  if (!isValidUrl(url)) return false;
  return templateVariablesOf(url).every((name) => available.includes(name));
}

/** Go's `%v` of a []string. */
function goList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

function templatedUrlIssue(
  path: string,
  url: string,
  available: readonly string[],
  prefix: string,
): ValidationIssue {
  const message =
    templateVariablesOf(url).length > 0
      ? `${prefix}: template variables in URL ${url} reference undefined variables. Available variables: ${goList(available)}`
      : `${prefix}: ${url}`;
  return semanticError(path, message, 'invalid-templated-url');
}

/** Names a package's transport URL may reference. */
export function packageVariablesOf(pkg: Fields): string[] {
  const names = listOf(pkg, 'environmentVariables').map((env) => textOf(env, 'name'));
  for (const key of ['runtimeArguments', 'packageArguments']) {
    for (const argument of listOf(pkg, key)) {
      if (textOf(argument, 'name') !== '') names.push(textOf(argument, 'name'));
      if (textOf(argument, 'valueHint') !== '') names.push(textOf(argument, 'valueHint'));
    }
  }
  return names;
}

export function checkPackageTransport(
  path: string,
  transport: Fields,
  available: readonly string[],
): ValidationIssue[] {
  const type = textOf(transport, 'type');
  const url = textOf(transport, 'url');
  switch (type) {
    case 'stdio':
      return url === ''
        ? []
        : [
            semanticError(
              pathOf(path, 'url'),
              `url must be empty for ${type} transport type, got: ${url}`,
              'stdio-transport-url-not-empty',
            ),
          ];
    case 'streamable-http':
    case 'sse':
      if (url === '') {
        return [
          semanticError(
            pathOf(path, 'url'),
            `url is required for ${type} transport type`,
            'streamable-transport-url-required',
          ),
        ];
      }
      return isValidTemplatedUrl(url, available)
        ? []
        : [templatedUrlIssue(pathOf(path, 'url'), url, available, 'invalid package transport URL')];
    default:
      return [
        semanticError(
          pathOf(path, 'type'),
          `unsupported transport type: ${type}`,
          'unsupported-transport-type',
        ),
      ];
  }
}

export function checkRemote(path: string, remote: Fields): ValidationIssue[] {
  const type = textOf(remote, 'type');
  const url = textOf(remote, 'url');
  if (type !== 'streamable-http' && type !== 'sse') {
    return [
      semanticError(
        pathOf(path, 'type'),
        `unsupported transport type for remotes: ${type} (only streamable-http and sse are supported)`,
        'unsupported-remote-transport-type',
      ),
    ];
  }
  const issues: ValidationIssue[] = [];
  const urlPath = pathOf(path, 'url');
  if (url === '') {
    issues.push(
      semanticError(urlPath, `url is required for ${type} transport type`, 'remote-transport-url-required'),
    );
  } else if (!isValidRemoteUrl(url)) {
    issues.push(semanticError(urlPath, `invalid remote URL: ${url}`, 'invalid-remote-url'));
  }
  // The official validator also runs the template check when the URL is empty or already refused.
  const available = Object.keys(fieldsOf(remote, 'variables') ?? {}).filter((name) => name !== '');
  if (!isValidTemplatedUrl(url, available))
    issues.push(templatedUrlIssue(urlPath, url, available, 'invalid remote URL'));
  return issues;
}

export function checkRemotes(remotes: Fields[]): ValidationIssue[] {
  return remotes.flatMap((remote, i) => checkRemote(pathOf('remotes', i), remote));
}
