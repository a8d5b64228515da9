import { SERVER_NAME_PATTERN, SERVER_NAME_PATTERN_SOURCE } from '../naming';
import { isFields } from './decoded-fields';
import { REQUEST_SHAPE_REFERENCE } from './request-shape';
import { publishIssues } from './validate-server-json';
import { ValidationIssue } from './validation-issue';

/**
 * Mirroring takes what another registry already published, including versions published under
 * older rules. Only a document that is not a server.json at all is refused; every rule a publish
 * would enforce is reported as a warning with the same message.
 */

const IDENTITY_FIELDS = ['name', 'version', 'description'] as const;

function refusal(path: string, message: string, keyword: string): ValidationIssue {
  return {
    type: 'schema',
    path,
    message,
    severity: 'error',
    reference: `${REQUEST_SHAPE_REFERENCE}:${keyword}`,
  };
}

function identityRefusals(doc: unknown): ValidationIssue[] {
  if (!isFields(doc)) return [refusal('', 'expected object', 'type')];
  const refused: ValidationIssue[] = [];
  for (const field of IDENTITY_FIELDS) {
    const value = doc[field];
    if (value === undefined)
      refused.push(refusal('', `expected required property ${field} to be present`, 'required'));
    else if (typeof value !== 'string') refused.push(refusal(field, 'expected string', 'type'));
    else if (value === '') refused.push(refusal(field, 'expected length >= 1', 'minLength'));
  }
  const name = doc['name'];
  if (typeof name === 'string' && name !== '' && !SERVER_NAME_PATTERN.test(name)) {
    refused.push(
      refusal('name', `expected string to match pattern ${SERVER_NAME_PATTERN_SOURCE}`, 'pattern'),
    );
  }
  return refused;
}

export function classifyForImport(doc: unknown): { refused: ValidationIssue[]; warnings: ValidationIssue[] } {
  const refused = identityRefusals(doc);
  if (!isFields(doc)) return { refused, warnings: [] };
  const alreadyRefused = new Set(refused.map((i) => `${i.path}\u0000${i.message}`));
  // Package-registry rules included: registry validation is on by default, so a publish could refuse them.
  // Notes (`info`, e.g. a `_meta` key that is dropped) are no rule a publish enforces.
  const warnings = publishIssues(doc)
    .filter((issue) => issue.severity !== 'info')
    .filter((issue) => !alreadyRefused.has(`${issue.path}\u0000${issue.message}`))
    .map((issue) => ({ ...issue, severity: 'warning' as const }));
  return { refused, warnings };
}
