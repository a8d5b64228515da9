import {
  ArgumentMetadata,
  Injectable,
  ValidationError,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import { ProblemErrorDetail, ProblemException } from './problem-details';

/** huma's detail for every request that fails schema validation. */
export const VALIDATION_FAILED = 'validation failed';

/** Where huma says a parameter came from: `body.x`, `query.x`, `path.x`. */
export type ParameterLocation = 'body' | 'query' | 'path' | 'header';

/**
 * Flattens class-validator errors into huma's error details, one per failed constraint, with a location
 * such as `body.packages[0].transport.url`.
 */
export function validationErrorDetails(
  errors: readonly ValidationError[],
  root: ParameterLocation = 'body',
): ProblemErrorDetail[] {
  const details: ProblemErrorDetail[] = [];
  const walk = (list: readonly ValidationError[], parent: string): void => {
    for (const error of list) {
      const location = childLocation(parent, root, error.property);
      const constraints = error.constraints ? Object.values(error.constraints) : [];
      for (const message of constraints) {
        details.push(
          error.value === undefined ? { message, location } : { message, location, value: error.value },
        );
      }
      if (error.children && error.children.length > 0) walk(error.children, location);
      else if (constraints.length === 0) details.push({ message: 'invalid value', location });
    }
  };
  walk(errors, root);
  return details;
}

function childLocation(parent: string, root: string, property: string | undefined): string {
  // ValidationPipe names the whole argument after its kind when the value is not an object at all.
  if (property === undefined || property === '' || (parent === root && property === root)) return parent;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

/** The 422 problem huma sends for a request that fails validation. */
export function validationProblem(
  errors: readonly ValidationError[],
  root: ParameterLocation = 'body',
): ProblemException {
  return new ProblemException({
    status: 422,
    detail: VALIDATION_FAILED,
    errors: validationErrorDetails(errors, root),
  });
}

/** Carries the raw errors out of ValidationPipe, so `transform` can name the argument they belong to. */
class ValidationFailure {
  constructor(readonly errors: ValidationError[]) {}
}

function rootOf(type: ArgumentMetadata['type']): ParameterLocation {
  if (type === 'query') return 'query';
  if (type === 'param') return 'path';
  return 'body';
}

/**
 * Nest's ValidationPipe answering in huma's shape: 422 "validation failed" with one error per failed
 * constraint. `transform` defaults to true; an `exceptionFactory` in the options is ignored.
 */
@Injectable()
export class ProblemValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions = {}) {
    super({ transform: true, ...options, exceptionFactory: (errors) => new ValidationFailure(errors) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error: unknown) {
      if (error instanceof ValidationFailure) throw validationProblem(error.errors, rootOf(metadata.type));
      throw error;
    }
  }
}
