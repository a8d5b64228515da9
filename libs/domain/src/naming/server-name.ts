/**
 * Server names: `<namespace>/<server part>`, the namespace in reverse-DNS form.
 *
 * Two layers of the official registry judge a name, and their verdicts differ:
 * - the request schema (Go struct tags checked by huma before the handler runs) requires
 *   3..200 characters matching SERVER_NAME_PATTERN, and a failure is an HTTP 422 "validation failed";
 * - the publish validator (`parseServerName` in internal/validators) is stricter: both parts must
 *   start and end with a letter or digit, so a one-character namespace such as `a/b` passes the
 *   pattern but not the validator.
 */

/** The `pattern` tag on ServerJSON.name; it admits exactly one slash. */
export const SERVER_NAME_PATTERN = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;
export const SERVER_NAME_PATTERN_SOURCE = '^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$';
export const SERVER_NAME_MIN_LENGTH = 3;
export const SERVER_NAME_MAX_LENGTH = 200;

const NAMESPACE = '[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9]';
const SERVER_PART = '[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9]';
const NAMESPACE_RE = new RegExp(`^${NAMESPACE}$`);
const SERVER_PART_RE = new RegExp(`^${SERVER_PART}$`);
const SERVER_NAME_RE = new RegExp(`^${NAMESPACE}/${SERVER_PART}$`);

export interface ServerName {
  namespace: string;
  serverPart: string;
}

export type ServerNameErrorKind =
  | 'missing'
  | 'no-slash'
  | 'multiple-slashes'
  | 'empty-part'
  | 'invalid-namespace'
  | 'invalid-server-part'
  | 'invalid-format';

/** A name the publish validator refuses; `message` is the official error text. */
export interface ServerNameError {
  kind: ServerNameErrorKind;
  message: string;
}

export type ServerNameResult = { ok: true; value: ServerName } | { ok: false; error: ServerNameError };

const INVALID_FORMAT = 'server name format is invalid';

/** Parses a server name with the official publish validator's rules and texts. */
export function parseServerName(name: string): ServerNameResult {
  const fail = (kind: ServerNameErrorKind, message: string): ServerNameResult => ({
    ok: false,
    error: { kind, message },
  });
  if (name === '') return fail('missing', 'server name is required and must be a string');
  if (!name.includes('/')) {
    return fail(
      'no-slash',
      "server name must be in format 'dns-namespace/name' (e.g., 'com.example.api/server')",
    );
  }
  if (name.split('/').length > 2)
    return fail('multiple-slashes', 'server name cannot contain multiple slashes');
  const [namespace, serverPart] = name.split('/') as [string, string];
  if (namespace === '' || serverPart === '') {
    return fail(
      'empty-part',
      "server name must be in format 'dns-namespace/name' with non-empty namespace and name parts",
    );
  }
  if (!SERVER_NAME_RE.test(name)) {
    if (!NAMESPACE_RE.test(namespace)) {
      return fail(
        'invalid-namespace',
        `${INVALID_FORMAT}: namespace '${namespace}' is invalid. Namespace must start and end with alphanumeric characters, and may contain dots and hyphens in the middle`,
      );
    }
    if (!SERVER_PART_RE.test(serverPart)) {
      return fail(
        'invalid-server-part',
        `${INVALID_FORMAT}: name '${serverPart}' is invalid. Name must start and end with alphanumeric characters, and may contain dots, underscores, and hyphens in the middle`,
      );
    }
    return fail('invalid-format', `${INVALID_FORMAT}: invalid format for '${name}'`);
  }
  return { ok: true, value: { namespace, serverPart } };
}

/** True when the request schema (not the stricter validator) accepts the name. */
export function matchesServerNamePattern(name: string): boolean {
  return SERVER_NAME_PATTERN.test(name);
}
