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
    (name.startsWith('io.github.')
      ? ". Publishing under a GitHub organization namespace requires both that you are an Owner of that organization and that you authenticate with a credential that can read your organization role. The interactive 'mcp-publisher login github' flow cannot read organization roles; instead publish from GitHub Actions (which uses OIDC), or run 'mcp-publisher login github --token <classic PAT with the read:org scope>'. See https://modelcontextprotocol.io/registry/authentication"
      : ''),
  statusForbidden: 'You do not have publish or edit permissions for this server',
  editForbidden: 'You do not have edit permissions for this server',
  mirrored: (name: string, upstream: string) =>
    `${name} is mirrored from ${upstream}: this registry takes its changes from there only; publish or change it at ${upstream}`,
};
