import type { SubscriptionCaller } from '@registry/application';
import {
  MISSING_AUTHORIZATION,
  RegistryTokenService,
  authorizationHeaderOf,
  bearerClaims,
} from '@registry/auth';
import { ProblemException } from '@registry/http-kit';
import type { FastifyRequest } from 'fastify';

/**
 * Who calls an extension endpoint that manages the caller's own records (subscriptions, namespace
 * claims): any valid registry token; one that may edit every server (`edit` on `*`) manages all.
 */
export async function callerOf(
  tokens: RegistryTokenService,
  request: FastifyRequest,
): Promise<SubscriptionCaller> {
  const header = authorizationHeaderOf(request);
  if (header === undefined)
    throw new ProblemException({
      status: 401,
      detail: 'Authentication required',
      errors: [MISSING_AUTHORIZATION],
    });
  const claims = await bearerClaims(tokens, header);
  return {
    actor: { method: claims.authMethod, subject: claims.authMethodSubject },
    isAdmin: claims.permissions.some((p) => p.action === 'edit' && p.resource === '*'),
  };
}
