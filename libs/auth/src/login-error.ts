/**
 * A login that was refused. The message is the official registry's error text; the controller puts it
 * in the problem's `errors[].message` under the endpoint's fixed `detail` (e.g. "DNS authentication failed").
 */
export class LoginError extends Error {
  override readonly name: string = 'LoginError';
}
