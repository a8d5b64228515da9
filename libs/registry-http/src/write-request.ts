import { Injectable } from '@nestjs/common';
import { Authority, requestShapeRefusal } from '@registry/application';
import {
  MISSING_AUTHORIZATION,
  RegistryTokenService,
  authorizationHeaderOf,
  bearerClaims,
} from '@registry/auth';
import { RegistryError } from '@registry/domain/entry';
import { ProblemException } from '@registry/http-kit';
import type { FastifyRequest } from 'fastify';
import { FieldError } from './status-request';

/**
 * The first steps of every write, in the official order: request problems (a missing Authorization
 * header and body-shape errors together, 422, or 400 for a missing body), then the token (401).
 * Permission and everything after it belong to the command.
 */
@Injectable()
export class WriteRequest {
  constructor(private readonly tokens: RegistryTokenService) {}

  async authenticate(request: FastifyRequest, bodyErrors: FieldError[]): Promise<Authority> {
    const header = authorizationHeaderOf(request);
    const errors: FieldError[] = [...(header === undefined ? [MISSING_AUTHORIZATION] : []), ...bodyErrors];
    if (request.body === undefined || request.body === null) {
      throw new ProblemException({
        status: 400,
        detail: 'request body is required',
        ...(errors.length > 0 ? { errors } : {}),
      });
    }
    if (errors.length > 0) throw new ProblemException({ status: 422, detail: 'validation failed', errors });
    const claims = await bearerClaims(this.tokens, header!);
    return {
      kind: 'token',
      actor: { method: claims.authMethod, subject: claims.authMethodSubject },
      permissions: claims.permissions,
    };
  }

  /** The body-shape errors of a server.json body (publish and edit). */
  serverJsonErrors(body: unknown): FieldError[] {
    if (body === undefined || body === null) return [];
    const refusal: RegistryError | undefined = requestShapeRefusal(body);
    return refusal?.details ?? [];
  }
}
