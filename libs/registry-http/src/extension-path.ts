import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { REGISTRY_SETTINGS, RegistrySettings } from '@registry/application';
import { ProblemException, endpointNotFoundDetail } from '@registry/http-kit';
import type { FastifyRequest } from 'fastify';

/**
 * The registry's own endpoints follow the official extension convention, `/v0.1/x/<ns>/<extension>`
 * (and `/v0/x/...`), `<ns>` being MCP_REGISTRY_META_NAMESPACE. Controllers mount on these prefixes
 * and the guard answers 404, as for any unknown path, when `<ns>` is another namespace.
 */
export const EXTENSION_PREFIXES = ['v0/x/:ns', 'v0.1/x/:ns'];

/** The path of an extension under the newest API version, for links and the registry card. */
export function extensionPath(metaNamespace: string, extension: string): string {
  return `/v0.1/x/${metaNamespace}/${extension}`;
}

@Injectable()
export class ExtensionNamespaceGuard implements CanActivate {
  constructor(@Inject(REGISTRY_SETTINGS) private readonly settings: RegistrySettings) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { ns } = request.params as { ns?: string };
    if (ns !== this.settings.metaNamespace) {
      throw new ProblemException({
        status: 404,
        detail: endpointNotFoundDetail(request.url.split('?')[0] ?? request.url),
      });
    }
    return true;
  }
}
