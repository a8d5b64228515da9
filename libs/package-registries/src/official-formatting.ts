/**
 * How the official registry (Go) renders values into upstream URLs and error messages, so the
 * URLs we request and the texts we return are the ones publishers already know.
 */

const PATH_SEGMENT_SAFE = /^[A-Za-z0-9\-_.~$&+:=@]$/;

/** Go's url.PathEscape: keeps unreserved characters and `$&+:=@`, escapes the rest byte by byte. */
export function pathSegmentEscape(value: string): string {
  let escaped = '';
  for (const char of value) {
    if (PATH_SEGMENT_SAFE.test(char)) {
      escaped += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) {
      escaped += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return escaped;
}

/** Go's `%q` for strings (strconv.Quote): the domain's, shared by every official message. */
export { goQuote } from '@registry/domain/validation/go-url';

/** The `registry type and base URL do not match` text every registry-URL-pinned validator shares. */
export function baseUrlMismatch(registryBaseUrl: string, registryType: string, expected: string): string {
  return `registry type and base URL do not match: '${registryBaseUrl}' is not valid for registry type '${registryType}'. Expected: ${expected}`;
}

/** Go's encoding/json matches object keys to struct fields case-insensitively, exact match first. */
export function jsonField(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

/**
 * Decodes a JSON string field the way Go decodes into a `string` struct field: absent or null
 * gives '', a value of another type is a decode error (returned as Go's error text).
 * `goType` is the package-qualified struct type, `fieldPath` the path of enclosing fields.
 */
export function jsonStringField(
  document: unknown,
  name: string,
  goType: string,
  fieldPath = '',
): string | { error: string } {
  if (document !== null && (typeof document !== 'object' || Array.isArray(document))) {
    return { error: `json: cannot unmarshal ${jsonKind(document)} into Go value of type ${goType}` };
  }
  const value = jsonField(document, name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  const structName = goType.slice(goType.lastIndexOf('.') + 1);
  return {
    error: `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${structName}.${fieldPath}${name} of type string`,
  };
}

export function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && value !== null) return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/** Parses JSON; a syntax error becomes the error text (the official registry wraps its decoder's). */
export function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
