import { ValidationIssue } from './validation-issue';

/**
 * The `$schema` rule of the publish validator: the URL must name a schema version the registry
 * embeds; a version other than the current one is only a warning (policy "warn" at publish).
 */

/** The dated schemas embedded in the official registry (internal/validators/schemas/*.json). */
export const KNOWN_SCHEMA_VERSIONS: readonly string[] = [
  '2025-07-09',
  '2025-09-16',
  '2025-09-29',
  '2025-10-11',
  '2025-10-17',
  '2025-12-11',
];
export const CURRENT_SCHEMA_VERSION = '2025-12-11';
export const CURRENT_SCHEMA_URL = `https://static.modelcontextprotocol.io/schemas/${CURRENT_SCHEMA_VERSION}/server.schema.json`;

// Unanchored on purpose: the official check finds the version anywhere in the URL, on any host.
const SCHEMA_URL_VERSION = /\/schemas\/([A-Za-z0-9_~.-]+)\/server\.schema\.json/;

/** The schema version a `$schema` URL names, or undefined when it names none. */
export function schemaVersionOf(schemaUrl: string): string | undefined {
  return SCHEMA_URL_VERSION.exec(schemaUrl)?.[1];
}

export function checkSchemaVersion(schemaUrl: string): ValidationIssue[] {
  const path = 'schema';
  if (schemaUrl === '') {
    return [
      {
        type: 'semantic',
        path,
        message: '$schema field is required',
        severity: 'error',
        reference: 'schema-field-required',
      },
    ];
  }
  const version = schemaVersionOf(schemaUrl);
  if (version === undefined) {
    return [
      {
        type: 'schema',
        path,
        message: `failed to extract schema version from URL: invalid schema URL format: ${schemaUrl}`,
        severity: 'error',
        reference: 'schema-version-extraction-error',
      },
    ];
  }
  const issues: ValidationIssue[] = [];
  if (schemaUrl !== CURRENT_SCHEMA_URL) {
    issues.push({
      type: 'semantic',
      path,
      message: `schema version ${version} is not the current version (${CURRENT_SCHEMA_VERSION}). Consider updating to the latest schema version`,
      severity: 'warning',
      reference: 'schema-version-deprecated',
    });
  }
  if (!KNOWN_SCHEMA_VERSIONS.includes(version)) {
    issues.push({
      type: 'schema',
      path,
      message: `schema version ${version} not available: schema version ${version} not found in embedded schemas: open schemas/${version}.json: file does not exist`,
      severity: 'error',
      reference: 'schema-version-not-available',
    });
  }
  return issues;
}
