import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { PackageOwnershipReverifier } from '@registry/application';
import { permissionsAllow } from '@registry/auth/permissions/registry-permission';
import {
  MISSING_AUTHORIZATION,
  RegistryTokenService,
  authorizationHeaderOf,
  bearerClaims,
} from '@registry/auth';
import { ProblemException } from '@registry/http-kit';
import type { FastifyRequest } from 'fastify';
import { asProblem } from './registry-problem';

/**
 * Beyond the official API: ask the verifier to re-check, now, that the latest version's packages
 * still point back at the server. Allowed to the server's publishers and to admins (edit).
 */
@Controller(['v0', 'v0.1'])
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
