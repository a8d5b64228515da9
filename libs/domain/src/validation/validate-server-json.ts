import { PUBLISHER_META_KEY } from '../server-json/server-json';
import { Fields, isFields, listOf, textOf } from './decoded-fields';
import { checkPackages } from './package-rules';
import { checkPublisherMetaSize } from './publisher-meta';
import { checkPackageRegistries } from './registry-package-rules';
import { REQUEST_SHAPE_REFERENCE, checkRequestShape } from './request-shape';
import { checkSchemaVersion } from './schema-version-rules';
import { SERVER_JSON_SHAPE } from './server-json-shape';
import { checkServerFields } from './server-rules';
import { checkRemotes } from './transport-rules';
import { ValidationIssue } from './validation-issue';

/** The publish validator's rules (ValidateServerJSON with the schema-version check, policy "warn"). */
export function checkPublishRules(server: Fields): ValidationIssue[] {
  return [
    ...checkSchemaVersion(textOf(server, '$schema')),
    ...checkServerFields(server),
    ...checkPackages(listOf(server, 'packages')),
    ...checkRemotes(listOf(server, 'remotes')),
  ];
}

/**
 * The offline check the publish service makes on every publish once the validator passed, whatever
 * MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION says: officially ValidatePublishRequest calls
 * validatePublisherExtensions before, and outside, its `cfg.EnableRegistryValidation` branch.
 */
export function checkPublishServiceRules(server: Fields): ValidationIssue[] {
  return checkPublisherMetaSize(server);
}

/**
 * What POST /v0/validate reports: the request shape and the validator's rules. Officially the
 * handler calls ValidateServerJSON only, so neither the `_meta` size nor any package-registry rule
 * (not even their offline half) shows up there. A `_meta` key publish drops (see isDroppedMetaIssue)
 * is an `info` note saying so, not the official `unexpected property` error, so that /validate
 * answers what publish does.
 */
export function validateServerJson(doc: unknown): ValidationIssue[] {
  const shape = checkRequestShape(SERVER_JSON_SHAPE, doc).map((issue) =>
    isDroppedMetaIssue(issue) ? droppedMetaNote(issue.path) : issue,
  );
  if (!isFields(doc)) return shape;
  return [...shape, ...checkPublishRules(doc)];
}

/** Reference of the note validateServerJson gives for a `_meta` key publish drops. */
export const DROPPED_META_REFERENCE = 'meta-key-dropped';

function droppedMetaNote(path: string): ValidationIssue {
  const key = path.slice('_meta.'.length);
  return {
    type: 'schema',
    path,
    message: `_meta key '${key}' will be dropped: only ${PUBLISHER_META_KEY} is stored`,
    severity: 'info',
    reference: DROPPED_META_REFERENCE,
  };
}

/**
 * Every rule an official publish applies without the network or the caller's identity, with
 * registry validation on (the official default), in the order the stages run: request shape,
 * validator, publish service (`_meta` size, then the offline half of the package-registry checks).
 * For classifying mirrored versions and auditing documents; a publish itself leaves the package
 * rules to the package-ownership adapters, which apply them only when registry validation is on.
 */
export function publishIssues(doc: unknown): ValidationIssue[] {
  if (!isFields(doc)) return validateServerJson(doc);
  return [
    ...validateServerJson(doc),
    ...checkPublishServiceRules(doc),
    ...checkPackageRegistries(listOf(doc, 'packages'), textOf(doc, 'name')),
  ];
}

/** Only the request-shape stage (huma's struct validation): what the HTTP layer answers before auth. */
export function requestShapeIssues(doc: unknown): ValidationIssue[] {
  return checkRequestShape(SERVER_JSON_SHAPE, doc);
}

/**
 * The `_meta` keys other than publisher-provided, which the registry drops rather than refuses: a
 * client that sends back a document it read (with the registry's own `_meta`) can publish it again.
 */
export function isDroppedMetaIssue(issue: ValidationIssue): boolean {
  return (
    issue.reference === `${REQUEST_SHAPE_REFERENCE}:additionalProperties` && issue.path.startsWith('_meta.')
  );
}
