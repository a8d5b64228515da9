import { HttpException, HttpStatus, UnprocessableEntityException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsString, ValidationError, validateSync } from 'class-validator';

/** POST auth/dns and auth/http. */
export class SignedTimestampRequest {
  @IsString() domain!: string;
  @IsString() timestamp!: string;
  @IsString() signed_timestamp!: string;
}

/** POST auth/github-at. */
export class GitHubTokenRequest {
  @IsString() github_token!: string;
}

/** POST auth/github-oidc and auth/oidc. */
export class OidcTokenRequest {
  @IsString() oidc_token!: string;
}

export interface ValidationDetail {
  message: string;
  location: string;
  value?: unknown;
}

type RequestClass<T> = new () => T;

/**
 * Validates a login body with class-validator and reports failures as the official registry (huma)
 * does: 422 "validation failed" with one entry per problem, located like `body.domain`. Unknown
 * properties are refused, as huma's generated schemas forbid them.
 */
export function loginRequest<T extends object>(type: RequestClass<T>, body: unknown): T {
  if (body === undefined || body === null || body === '') {
    // What the app answers for an empty JSON body too (see @registry/http-kit's problem mapping).
    throw new HttpException({ message: 'request body is required' }, HttpStatus.BAD_REQUEST);
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw validationFailed([{ message: 'expected object', location: 'body', value: body }]);
  }
  const request = plainToInstance(type, body);
  const errors = validateSync(request, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationFailed(details(errors, body as Record<string, unknown>));
  return request;
}

function details(errors: ValidationError[], body: Record<string, unknown>): ValidationDetail[] {
  const missing: ValidationDetail[] = [];
  const wrongType: ValidationDetail[] = [];
  const unexpected: ValidationDetail[] = [];
  for (const error of errors) {
    const name = error.property;
    if (error.constraints?.['whitelistValidation'] !== undefined) {
      unexpected.push({ message: 'unexpected property', location: `body.${name}`, value: body });
    } else if (body[name] === undefined) {
      missing.push({
        message: `expected required property ${name} to be present`,
        location: 'body',
        value: body,
      });
    } else {
      wrongType.push({ message: 'expected string', location: `body.${name}`, value: body[name] });
    }
  }
  return [...missing, ...wrongType, ...unexpected];
}

export function validationFailed(errors: ValidationDetail[]): UnprocessableEntityException {
  return new UnprocessableEntityException({ message: 'validation failed', errors });
}
