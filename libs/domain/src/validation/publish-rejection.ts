import { PUBLISHER_META_SIZE_REFERENCE } from './publisher-meta';
import { PACKAGE_REGISTRY_REFERENCE } from './registry-package-rules';
import { REQUEST_SHAPE_REFERENCE, humaLocation } from './request-shape';
import { ValidationIssue } from './validation-issue';

/**
 * Which stage of the official publish/edit pipeline reports an issue:
 * - 'request':   huma's body validation, before the handler (HTTP 422, detail "validation failed");
 * - 'validator': validators.ValidateServerJSON in the handler, after the JWT and permission checks
 *                (HTTP 422 with a fixed detail; the texts are only visible through /v0/validate);
 * - 'service':   checks inside the publish service (HTTP 400, the first failure's text in errors[]):
 *                the `_meta` size on every publish, the package-registry rules only with registry
 *                validation on (so only publishIssues reports them, never validateServerJson).
 */
export type PublishStage = 'request' | 'validator' | 'service';

export function publishStageOf(issue: ValidationIssue): PublishStage {
  if (issue.reference.startsWith(`${REQUEST_SHAPE_REFERENCE}:`)) return 'request';
  if (issue.reference === PUBLISHER_META_SIZE_REFERENCE) return 'service';
  if (issue.reference.startsWith(`${PACKAGE_REGISTRY_REFERENCE}:`)) return 'service';
  return 'validator';
}

/** The RFC 9457 body huma writes (without `$schema`, which the official registry turns off). */
export interface OfficialRejection {
  status: 422 | 400;
  title: 'Unprocessable Entity' | 'Bad Request';
  detail: string;
  errors?: { message: string; location?: string }[];
}

/**
 * The response the official registry gives for these issues, or undefined when none is an error.
 * `action` picks the texts of POST /v0/publish or PUT /v0/servers/{name}/versions/{version}; an
 * edit does not re-check the `_meta` size. A 401/403 comes between the 'request' and 'validator'
 * stages; duplicate versions, remote-URL conflicts and package ownership (network) are 400s of the
 * 'service' stage decided elsewhere.
 */
export function officialRejectionOf(
  issues: readonly ValidationIssue[],
  action: 'publish' | 'edit' = 'publish',
): OfficialRejection | undefined {
  const errors = issues.filter((i) => i.severity === 'error');
  const at = (stage: PublishStage) => errors.filter((i) => publishStageOf(i) === stage);
  const request = at('request');
  if (request.length > 0) {
    return {
      status: 422,
      title: 'Unprocessable Entity',
      detail: 'validation failed',
      errors: request.map((i) => ({ message: i.message, location: humaLocation(i.path) })),
    };
  }
  if (at('validator').length > 0) {
    return {
      status: 422,
      title: 'Unprocessable Entity',
      detail: `Failed to ${action} server, invalid schema: call /validate for details`,
    };
  }
  const service = at('service').filter(
    (i) => action === 'publish' || i.reference !== PUBLISHER_META_SIZE_REFERENCE,
  );
  if (service.length > 0) {
    return {
      status: 400,
      title: 'Bad Request',
      detail: `Failed to ${action} server`,
      errors: [{ message: service[0]!.message }],
    };
  }
  return undefined;
}
