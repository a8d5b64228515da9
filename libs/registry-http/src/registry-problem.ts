import { RegistryError, RegistryErrorKind } from '@registry/domain/entry';
import { ProblemException } from '@registry/http-kit';

const STATUS: Record<RegistryErrorKind, number> = {
  'invalid-input': 400,
  'invalid-shape': 422,
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
};

/** Runs a use case and maps the domain's named errors to problem+json once, here. */
export async function asProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RegistryError) {
      throw new ProblemException({
        status: STATUS[error.kind],
        detail: error.message,
        ...(error.details.length > 0 ? { errors: error.details } : {}),
      });
    }
    throw error;
  }
}
