/**
 * Errors the domain names. The HTTP layer maps each kind to a status once; the messages are the
 * official registry's where it has one.
 */
export type RegistryErrorKind =
  | 'invalid-input' // 400: a business rule refused the request
  | 'invalid-shape' // 422: the request body is not the expected shape
  | 'not-found' // 404
  | 'forbidden' // 403
  | 'conflict'; // 409: lost a race that retrying did not settle

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly details: Array<{ message: string; location?: string; value?: unknown }> = [],
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export const invalid = (message: string) => new RegistryError('invalid-input', message);
export const notFound = (message: string) => new RegistryError('not-found', message);
