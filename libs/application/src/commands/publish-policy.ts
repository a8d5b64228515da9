import { Inject, Injectable } from '@nestjs/common';
import { hasPermission, permittedResources } from '@registry/auth/permissions';
import { RegistryError } from '@registry/domain/entry';
import { ServerJson } from '@registry/domain/server-json/server-json';
import { ValidationIssue, sanitizeServerMeta, validateServerJson } from '@registry/domain/validation';
import { PACKAGE_OWNERSHIP, PackageOwnershipCheck } from '../ports';
import { REGISTRY_SETTINGS, RegistrySettings } from '../projection/read-your-writes';
import { Authority } from './registry-command-context';
import { PUBLISH_MESSAGES } from './publish-messages';

/**
 * The checks a publish passes before the entry decides: the server.json rules, the namespace the
 * token may publish to, and (when enabled) package ownership at the package registries.
 */
@Injectable()
export class PublishPolicy {
  constructor(
    @Inject(PACKAGE_OWNERSHIP) private readonly ownership: PackageOwnershipCheck,
    @Inject(REGISTRY_SETTINGS) private readonly settings: RegistrySettings,
  ) {}

  /** Returns the server.json to store, or throws the official refusal. */
  async admit(body: unknown, authority: Authority): Promise<ServerJson> {
    const issues = validateServerJson(body);
    const shape = issues.filter((i) => i.severity === 'error' && i.type === 'schema');
    if (shape.length > 0) {
      throw new RegistryError('invalid-shape', PUBLISH_MESSAGES.shapeDetail, shape.map(toDetail));
    }
    const server = body as ServerJson;
    this.authorize(server.name, authority, 'publish');
    const rules = issues.filter((i) => i.severity === 'error');
    if (rules.length > 0) throw new RegistryError('invalid-input', PUBLISH_MESSAGES.ruleDetail(rules));
    if (this.settings.enableRegistryValidation) {
      const failures = await this.ownership.verify(server);
      if (failures.length > 0) {
        throw new RegistryError('invalid-input', PUBLISH_MESSAGES.ownershipDetail(failures.map((f) => f.message)));
      }
    }
    return sanitizeServerMeta(server);
  }

  authorize(name: string, authority: Authority, action: 'publish' | 'edit'): void {
    if (authority.kind === 'system') return;
    const claims = { permissions: authority.permissions };
    if (!hasPermission(claims, action, name)) {
      throw new RegistryError('forbidden', PUBLISH_MESSAGES.forbidden(action, name, permittedResources(claims, action)));
    }
  }
}

function toDetail(issue: ValidationIssue): { message: string; location?: string; value?: unknown } {
  return { message: issue.message, ...(issue.path !== '' ? { location: `body.${issue.path}` } : {}) };
}
