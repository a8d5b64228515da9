import { ValidationIssue } from './validation-issue';

/** An error of the official publish validator (HTTP 422 at publish; see publishStageOf). */
export function semanticError(path: string, message: string, reference: string): ValidationIssue {
  return { type: 'semantic', path, message, severity: 'error', reference };
}
