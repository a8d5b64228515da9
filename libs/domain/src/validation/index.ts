/**
 * server.json validation with the official MCP Registry's rules and texts.
 *
 * Which checks run where (official v1.7.0: handlers/v0/validate.go, handlers/v0/publish.go,
 * validators/validators.go, service/registry_service.go):
 * - validateServerJson(doc): POST /v0/validate (and /v0.1/validate) = request shape + validator;
 * - checkPublishRules + checkPublishServiceRules: what every publish checks offline;
 * - the package-registry checks (offline half here in registry-package-rules.ts, both halves in the
 *   package-ownership adapters) only when MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION is on;
 * - publishIssues(doc): all offline rules of a publish with registry validation on, each tagged by
 *   its stage (publishStageOf(issue), from `reference`), for import classification and audits.
 * officialRejectionOf(issues, action) builds the exact response. How the official registry answers
 * POST /v0/publish, stage by stage:
 *
 * 1. Request shape (reference "request-body:<keyword>", type 'schema'): huma validates the body
 *    against the Go structs before the handler runs → HTTP 422, title "Unprocessable Entity",
 *    detail "validation failed", errors[] = { message: issue.message, location: "body." + path
 *    ("body" for path ""), value } — e.g. "expected string to match pattern ^[a-zA-Z0-9.-]+/..."
 *    at body.name, or "expected length <= 100" at body.description.
 * 2. Authentication (401) and namespace permission (403) — not decided here.
 * 3. Publish validator (any other reference; type 'semantic', or 'schema' for the two `$schema`
 *    URL errors, exactly as the official /v0/validate labels them): ValidateServerJSON →
 *    HTTP 422, detail "Failed to publish server, invalid schema: call /validate for details",
 *    no errors[]. The messages are what POST /v0/validate reports for the same document.
 *    Warnings (an older but known `$schema`) never refuse.
 * 4. Publish service (reference "publisher-extension-size" or "package-registry:<type>"):
 *    HTTP 400, title "Bad Request", detail "Failed to publish server", errors[] = [{ message }]
 *    with only the first failure (the service stops there). ValidatePublishRequest first checks
 *    the `_meta` size (always), then, only with EnableRegistryValidation, each package in order,
 *    e.g. "registry validation failed for package 0 (x): registry type and base URL do not match:
 *    ...". Duplicate versions, remote URL conflicts and the network half of package checks are
 *    400s of this stage decided elsewhere.
 *
 * PUT /v0/servers/{name}/versions/{version} (edit) answers the same with "edit" in the texts and
 * skips the `_meta` size check (ValidateUpdateRequest has none); its package checks follow the
 * same switch.
 *
 * POST /v0/validate officially returns { valid, issues } with the 'validator' issues plus a full
 * JSON-schema validation against the dated schema (not reproduced here; its messages come from a
 * Go JSON-schema library). The request-shape stage still applies to it (a 422 before any issue).
 */
export type {
  ValidationIssue,
  ValidationIssueSeverity,
  ValidationIssueType,
  ValidationResult,
} from './validation-issue';
export { resultOf } from './validation-issue';
export type { Fields } from './decoded-fields';
export {
  validateServerJson,
  publishIssues,
  checkPublishRules,
  checkPublishServiceRules,
  requestShapeIssues,
  isDroppedMetaIssue,
  DROPPED_META_REFERENCE,
} from './validate-server-json';
export { classifyForImport } from './import-classification';
export { sanitizeServerMeta } from './stored-server-json';
export { officialRejectionOf, publishStageOf } from './publish-rejection';
export type { OfficialRejection, PublishStage } from './publish-rejection';
export {
  CURRENT_SCHEMA_URL,
  CURRENT_SCHEMA_VERSION,
  KNOWN_SCHEMA_VERSIONS,
  schemaVersionOf,
} from './schema-version-rules';
export { PUBLISHER_META_MAX_BYTES, PUBLISHER_META_SIZE_REFERENCE } from './publisher-meta';
export {
  PACKAGE_REGISTRY_REFERENCE,
  REGISTRY_BASE_URLS,
  REGISTRY_TYPES,
  packageRegistryFailure,
} from './registry-package-rules';
export type { RegistryType } from './registry-package-rules';
export { moduleOwnershipFailure } from './go-module-ownership';
export { REQUEST_SHAPE_REFERENCE, humaLocation } from './request-shape';
export { parseOciReference, isAllowedOciRegistry } from './oci-reference';
export { ICON_MIME_TYPES, ICON_THEMES, INPUT_FORMATS } from './server-json-shape';
