import { ValidationIssue } from '@registry/domain/validation';

/** The official registry's texts for publish refusals, in one place. */
export const PUBLISH_MESSAGES = {
  shapeDetail: 'validation failed',
  ruleDetail: (issues: ValidationIssue[]) => `Failed to publish server: ${issues.map((i) => i.message).join('; ')}`,
  ownershipDetail: (messages: string[]) => `Failed to publish server: ${messages.join('; ')}`,
  forbidden: (action: 'publish' | 'edit', name: string, allowed: string[]) =>
    `You do not have ${action} permissions for this server. You have permissions for: ${allowed.join(', ') || '(none)'}. Attempting to ${action}: ${name}`,
};
