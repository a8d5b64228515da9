/** One finding of validation, in the official registry's `/v0/validate` shape. */
export type ValidationIssueType = 'json' | 'schema' | 'semantic' | 'linter';
export type ValidationIssueSeverity = 'error' | 'warning' | 'info';

export interface ValidationIssue {
  type: ValidationIssueType;
  /** JSON path like `packages[0].transport.url`. */
  path: string;
  message: string;
  severity: ValidationIssueSeverity;
  /** The rule that produced the issue (schema path or a named rule). */
  reference: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

export function resultOf(issues: ValidationIssue[]): ValidationResult {
  return { valid: !issues.some((i) => i.severity === 'error'), issues };
}
