/**
 * The secrets this registry handles, as they look inside free text: an error message quoting a request,
 * a connection string, a library's complaint. Log lines never carry headers or bodies; these patterns
 * are the second line, for whatever a message happens to quote.
 */
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // `Authorization: Bearer <token>` (and `Basic`), whatever the token looks like.
  [/\b(bearer|basic)(\s+)[^\s"',;]+/gi, '$1$2[redacted]'],
  // Registry tokens and every other JWT (header.payload.signature, base64url).
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[redacted jwt]'],
  // Standard Webhooks secrets of subscriptions.
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, 'whsec_[redacted]'],
  // Publisher API keys of namespace claims.
  [/\bmcpr_[A-Za-z0-9_-]+/g, 'mcpr_[redacted]'],
  // GitHub tokens: classic, OAuth, user-to-server, server-to-server, refresh, fine-grained.
  [/\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,})/g, '[redacted github token]'],
  // Credentials inside URLs (`redis://:password@host`, `mongodb://user:password@host`).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, '$1[redacted]@'],
  // `name=value` and `"name": "value"` for the names secrets travel under here.
  [
    /((?:registry_token|github_?token|client_secret|access_token|id_token|refresh_token|password|secret|api_?key)"?\s*[:=]\s*"?)[^"\s,;&}]+/gi,
    '$1[redacted]',
  ],
];

/** `text` with every secret-looking part replaced by a marker saying what was there. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const REDACTED_NAMES = [
  'authorization',
  'cookie',
  'registry_token',
  'githubToken',
  'github_token',
  'secret',
  'password',
  'key',
  'token',
  'body',
];

/**
 * Where a structured log object may carry a secret or a request body, at the top or one level down
 * (pino's redaction paths): the value is replaced by `[redacted]` wherever a field of that name is.
 */
export const REDACTED_PATHS: readonly string[] = [
  ...REDACTED_NAMES,
  ...REDACTED_NAMES.map((name) => `*.${name}`),
  '["set-cookie"]',
  '*["set-cookie"]',
];
