/**
 * Appended to the official 403 for an `io.github.*` name. The official hint (make your org membership
 * public) describes a rule this registry does not apply, so this one states what our GitHub logins
 * check (libs/auth/src/login/github-api.ts, github-oidc-login.ts) and how to get a token that passes.
 */
const GITHUB_NAMESPACE_HINT =
  ". This registry's GitHub login ('mcp-registry login github') grants io.github.<your login>/*, plus " +
  'io.github.<org>/* for each organization where you are an Owner (an active membership with the admin role); ' +
  'being a member, public or private, is not enough. It reads your role from GitHub (GET /user/memberships/orgs), ' +
  'which needs the read:org scope: the device login asks for it; with --token, use a classic token with ' +
  'read:org, or a fine-grained token with the organization permission "Members: read". In GitHub Actions, ' +
  "'mcp-registry login github-oidc' grants io.github.<repository owner>/*. Log in again after a change: " +
  'a registry token keeps the permissions it was issued with';

/** The official registry's texts for write refusals, in one place. */
export const WRITE_MESSAGES = {
  publishInvalidSchema: 'Failed to publish server, invalid schema: call /validate for details',
  editInvalidSchema: 'Failed to edit server, invalid schema: call /validate for details',
  publishFailed: 'Failed to publish server',
  editFailed: 'Failed to edit server',
  statusFailed: 'Failed to update server status',
  metaTooLarge: (bytes: number) =>
    `_meta.io.modelcontextprotocol.registry/publisher-provided extension exceeds 4KB limit (${bytes} bytes)`,
  packageOwnership: (index: number, identifier: string, reason: string) =>
    `registry validation failed for package ${index} (${identifier}): ${reason}`,
  publishForbidden: (name: string, patterns: string[]) =>
    'You do not have permission to publish this server' +
    (patterns.length > 0
      ? `. You have permission to publish: ${patterns.join(', ')}`
      : '. You do not have any publish permissions') +
    `. Attempting to publish: ${name}` +
    (name.startsWith('io.github.') ? GITHUB_NAMESPACE_HINT : ''),
  statusForbidden: 'You do not have publish or edit permissions for this server',
  editForbidden: 'You do not have edit permissions for this server',
  mirrored: (name: string, upstream: string) =>
    `${name} is mirrored from ${upstream}: this registry takes its changes from there only; publish or change it at ${upstream}`,
};
