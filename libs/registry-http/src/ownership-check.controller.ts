import { Controller, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { PackageOwnershipReverifier, REGISTRY_SETTINGS, RegistrySettings } from '@registry/application';
import { permissionsAllow } from '@registry/auth/permissions/registry-permission';
import {
  MISSING_AUTHORIZATION,
  RegistryTokenService,
  authorizationHeaderOf,
  bearerClaims,
} from '@registry/auth';
import { ProblemException } from '@registry/http-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EXTENSION_PREFIXES, ExtensionNamespaceGuard, extensionPath } from './extension-path';
import { asProblem } from './registry-problem';

/**
 * Beyond the official API, so under the extension prefix: ask the verifier to re-check, now, that the
 * latest version's packages still point back at the server. Allowed to the server's publishers and to
 * admins (edit).
 */
@Controller(EXTENSION_PREFIXES)
@UseGuards(ExtensionNamespaceGuard)
export class OwnershipCheckController {
  constructor(
    private readonly tokens: RegistryTokenService,
    private readonly reverifier: PackageOwnershipReverifier,
  ) {}

  @Post('servers/:serverName/ownership-checks')
  @HttpCode(202)
  async request(
    @Param('serverName') name: string,
    @Req() request: FastifyRequest,
  ): Promise<{ jobId: string }> {
    const header = authorizationHeaderOf(request);
    if (header === undefined)
      throw new ProblemException({
        status: 422,
        detail: 'validation failed',
        errors: [MISSING_AUTHORIZATION],
      });
    const claims = await bearerClaims(this.tokens, header);
    if (
      !permissionsAllow(claims.permissions, 'publish', name) &&
      !permissionsAllow(claims.permissions, 'edit', name)
    ) {
      throw new ProblemException({
        status: 403,
        detail: 'You do not have publish or edit permissions for this server',
      });
    }
    const jobId = await asProblem(() => this.reverifier.requestCheck(name));
    return { jobId };
  }
}

/**
 * Where the endpoint was before the extension convention: a permanent redirect that keeps the method
 * (308), so scripts written against the old path keep working and learn the new one.
 */
@Controller(['v0', 'v0.1'])
export class MovedOwnershipCheckController {
  constructor(@Inject(REGISTRY_SETTINGS) private readonly settings: RegistrySettings) {}

  @Post('servers/:serverName/ownership-checks')
  moved(@Param('serverName') name: string, @Res() reply: FastifyReply): void {
    const location = extensionPath(
      this.settings.metaNamespace,
      `servers/${encodeURIComponent(name)}/ownership-checks`,
    );
    void reply.status(308).header('location', location).send();
  }
}
