/** The official registry's texts for entry-level refusals, in one place. */
export const ENTRY_MESSAGES = {
  duplicateVersion: (name: string, version: string) =>
    `invalid version: cannot publish duplicate version: ${name}@${version} already exists`,
  maxVersions:
    'maximum number of versions for this server reached (10000): please reach out at https://github.com/modelcontextprotocol/registry to explain your use case',
  remoteUrlTaken: (url: string, name: string) => `remote URL ${url} is already used by server ${name}`,
  serverNotFound: 'Server not found',
  versionNotFound: 'Server version not found',
  activeWithMessage: 'status_message cannot be provided when setting status to active',
  noChangesVersion: 'No changes to apply: status and message are already set to the provided values',
  noChangesAll: 'No changes to apply: all versions already have the requested status and message',
  editRename: 'Cannot rename server',
  editVersionMismatch: 'Version in request body must match URL path parameter',
};
