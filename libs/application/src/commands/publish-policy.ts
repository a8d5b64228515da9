import { Inject, Injectable } from '@nestjs/common';
import { permissionsAllow } from '@registry/auth/permissions/registry-permission';
import { RegistryError } from '@registry/domain/entry';
import { mirrorsName } from '@registry/domain/upstream';
import { ServerJson } from '@registry/domain/server-json/server-json';
import {
  Fields,
  checkPublishRules,
  checkPublishServiceRules,
  isDroppedMetaIssue,
  officialRejectionOf,
  requestShapeIssues,
  sanitizeServerMeta,
} from '@registry/domain/validation';
import { PACKAGE_OWNERSHIP, PackageOwnershipCheck } from '../ports';
import { NamespaceGate } from '../namespaces/namespace-gate';
import { REGISTRY_SETTINGS, RegistrySettings } from '../projection/read-your-writes';
import { Authority } from './registry-command-context';
import { WRITE_MESSAGES } from './publish-messages';

export type WriteAction = 'publish' | 'edit';

/** Refusals already worked out, by request body: the HTTP layer and the command both ask. */
const shapeRefusals = new WeakMap<object, RegistryError | null>();

/**
 * The request-shape refusal (422 "validation failed"), the first thing the official registry checks.
 * Remembered per body object (bodies are parsed JSON, never changed after parsing), so asking again
 * for the same request costs a lookup.
 */
export function requestShapeRefusal(body: unknown): RegistryError | undefined {
  if (typeof body !== 'object' || body === null) return shapeRefusalOf(body);
  const known = shapeRefusals.get(body);
  if (known !== undefined) return known ?? undefined;
  const refusal = shapeRefusalOf(body);
  shapeRefusals.set(body, refusal ?? null);
  return refusal;
}

function shapeRefusalOf(body: unknown): RegistryError | undefined {
  const issues = requestShapeIssues(body).filter((i) => !isDroppedMetaIssue(i));
  const rejection = officialRejectionOf(issues);
  return rejection === undefined
    ? undefined
    : new RegistryError('invalid-shape', rejection.detail, rejection.errors ?? []);
}

/**
 * The checks a publish or an edit passes before the entry decides, in the official order: request
 * shape, namespace permission, the validator's rules (422), then the service's `_meta` size (publish
 * only) and, only with registry validation on, the package-registry checks (400). Those checks,
 * offline half included (an npm package without version, a foreign base URL, `fileSha256`, OCI and
 * MCPB URL rules), belong to the package-ownership adapters, as they belong to
 * validators.ValidatePublishRequest's `cfg.EnableRegistryValidation` branch officially.
 */
@Injectable()
export class PublishPolicy {
  constructor(
    @Inject(PACKAGE_OWNERSHIP) private readonly ownership: PackageOwnershipCheck,
    @Inject(REGISTRY_SETTINGS) private readonly settings: RegistrySettings,
    private readonly namespaces: NamespaceGate,
  ) {}

  /** Returns the server.json to store, or throws the official refusal. */
  async admit(body: unknown, authority: Authority, action: WriteAction): Promise<ServerJson> {
    const shape = requestShapeRefusal(body);
    if (shape !== undefined) throw shape;
    const server = body as ServerJson;
    this.refuseMirrored(server.name, authority);
    if (action === 'publish') {
      this.authorizePublish(server.name, authority);
      await this.namespaces.check(server.name, authority);
    }
    const rules = [...checkPublishRules(body as Fields), ...checkPublishServiceRules(body as Fields)];
    const rejection = officialRejectionOf(rules, action);
    if (rejection !== undefined) {
      throw new RegistryError(
        rejection.status === 422 ? 'invalid-shape' : 'invalid-input',
        rejection.detail,
        rejection.errors ?? [],
      );
    }
    if (this.settings.enableRegistryValidation) {
      const failures = await this.ownership.verify(server);
      if (failures.length > 0) {
        throw new RegistryError(
          'invalid-input',
          action === 'publish' ? WRITE_MESSAGES.publishFailed : WRITE_MESSAGES.editFailed,
          [{ message: failures[0]!.message }],
        );
      }
    }
    return sanitizeServerMeta(server);
  }

  authorizePublish(name: string, authority: Authority): void {
    if (authority.kind === 'system' || permissionsAllow(authority.permissions, 'publish', name)) return;
    const patterns = authority.permissions.filter((p) => p.action === 'publish').map((p) => p.resource);
    throw new RegistryError('forbidden', WRITE_MESSAGES.publishForbidden(name, patterns));
  }

  /**
   * A mirror takes a mirrored name's changes from its upstream only: a local write would fork the
   * entry from the upstream's, and the next upstream change would undo it.
   */
  refuseMirrored(name: string, authority: Authority): void {
    const mirror = this.settings.mirror;
    if (authority.kind === 'system' || mirror === undefined || !mirrorsName(mirror.names, name)) return;
    throw new RegistryError('forbidden', WRITE_MESSAGES.mirrored(name, mirror.url));
  }

  /** What the namespace claims say about a write by this authority (a revoked key, a revoked namespace). */
  async checkClaims(name: string, authority: Authority): Promise<void> {
    await this.namespaces.check(name, authority);
  }

  /** Status changes accept the publish or the edit permission. */
  authorizeStatus(name: string, authority: Authority): void {
    this.refuseMirrored(name, authority);
    if (authority.kind === 'system') return;
    if (
      permissionsAllow(authority.permissions, 'publish', name) ||
      permissionsAllow(authority.permissions, 'edit', name)
    )
      return;
    throw new RegistryError('forbidden', WRITE_MESSAGES.statusForbidden);
  }

  authorizeEdit(name: string, authority: Authority): void {
    if (authority.kind === 'system' || permissionsAllow(authority.permissions, 'edit', name)) return;
    throw new RegistryError('forbidden', WRITE_MESSAGES.editForbidden);
  }
}

/** Re-labels a domain refusal as the official "Failed to <action> server" 400 with the reason in errors[]. */
export function asFailedWrite(error: unknown, detail: string): unknown {
  if (error instanceof RegistryError && error.kind === 'invalid-input' && error.details.length === 0) {
    return new RegistryError('invalid-input', detail, [{ message: error.message }]);
  }
  return error;
}
