/**
 * The `mcp-name: <server name>` ownership token that PyPI, NuGet and Cargo packages carry in their
 * README, matched as the official registry matches it (internal/validators/registries/mcpname.go).
 */

const SERVER_NAME_CHAR = /^[A-Za-z0-9._/-]$/;

function isServerNameChar(char: string): boolean {
  return SERVER_NAME_CHAR.test(char);
}

/**
 * The token ends where the server name ends: end of content, any character that cannot continue a
 * server name, or an HTML comment close (`-->`, `--!>`) glued to the name, as in
 * `<!-- mcp-name: NAME-->`.
 */
function isTokenBoundary(content: string, at: number): boolean {
  if (at >= content.length) return true;
  if (!isServerNameChar(content[at])) return true;
  return content.startsWith('-->', at) || content.startsWith('--!>', at);
}

/**
 * Whether `content` declares `serverName` as a complete token, so that `io.github.acme/widget`
 * is not proven by a README that declares `io.github.acme/widget-pro`.
 */
export function containsMcpNameToken(content: string, serverName: string): boolean {
  const token = 'mcp-name: ' + serverName;
  let from = 0;
  for (;;) {
    const index = content.indexOf(token, from);
    if (index < 0) return false;
    if (isTokenBoundary(content, index + token.length)) return true;
    from = index + 1;
  }
}

/**
 * When the literal token is present but not matched, the character glued to its end (so the
 * message can say "found it, but it is followed by '.'"); undefined when the token is absent.
 */
export function mcpNameTokenGluedTrailing(content: string, serverName: string): string | undefined {
  const token = 'mcp-name: ' + serverName;
  const index = content.indexOf(token);
  if (index < 0) return undefined;
  const end = index + token.length;
  if (end >= content.length) return undefined;
  return content[end];
}
