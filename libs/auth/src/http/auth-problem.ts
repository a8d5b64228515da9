import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * An HttpException shaped for the registry's problem+json filter: `message` becomes the problem's
 * `detail`, and `errors` (when present) its `errors[]`. That is how the official registry reports a
 * refused login: a fixed detail per endpoint ("DNS authentication failed") and the reason in
 * `errors[0].message`.
 */
export function authProblem(status: HttpStatus, detail: string, reason?: string): HttpException {
  const body =
    reason === undefined ? { message: detail } : { message: detail, errors: [{ message: reason }] };
  return new HttpException(body, status);
}

export const ENDPOINT_NOT_FOUND = 'Endpoint not found. See /docs for the API documentation.';
