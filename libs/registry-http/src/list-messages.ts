/** The official registry's texts for read-side refusals, in one place. */
export const LIST_MESSAGES = {
  validationFailed: 'validation failed',
  expectedInteger: 'invalid integer',
  expectedBoolean: 'invalid boolean',
  limitMin: 'expected number >= 1',
  limitMax: 'expected number <= 100',
  badUpdatedSince:
    'Invalid updated_since format: expected RFC3339 timestamp (e.g., 2025-08-07T13:15:04.280Z)',
  // handlers/v0/servers.go resolveIncludeDeleted, byte for byte.
  updatedSinceExcludesDeleted:
    'Cannot set include_deleted=false when using updated_since (incremental sync requires deleted servers)',
  serverNotFound: 'Server not found',
};
