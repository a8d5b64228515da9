/** The official registry's texts for entry-level refusals, in one place. */
export const ENTRY_MESSAGES = {
  duplicateVersion: (version: string) => `invalid version: cannot publish duplicate version ${version}`,
  maxVersions: 'maximum number of versions for this server reached',
  remoteUrlTaken: (url: string, name: string) => `remote URL ${url} is already used by server ${name}`,
  serverNotFound: 'Server not found',
  versionNotFound: 'Server not found',
  editRename: 'Cannot rename server',
  editVersionMismatch: 'Version in request body must match URL path parameter',
};
