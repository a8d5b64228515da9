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

/** The offline checks the publish service makes once the validator passed. */
export function checkPublishServiceRules(server: Fields): ValidationIssue[] {
  return [...checkPublisherMetaSize(server), ...checkPackageRegistries(listOf(server, 'packages'))];
}

/**
 * Every rule the official registry applies to a server.json at publish time, except those that
 * need the network (package ownership) or the caller's identity (namespace permission), in the
 * order the official stages run: request shape, publish validator, publish service.
 */
export function validateServerJson(doc: unknown): ValidationIssue[] {
  const shape = checkRequestShape(SERVER_JSON_SHAPE, doc);
  if (!isFields(doc)) return shape;
  return [...shape, ...checkPublishRules(doc), ...checkPublishServiceRules(doc)];
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
