import { Permission, RegistryAction, RegistryClaims } from '../permissions/registry-permission';
import { jwtTimeProblems, numericDate } from './jwt-time-claims';

type Fail = (why: string) => never;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads and time-checks the claims of a registry token whose signature has been checked. */
export function registryClaimsFromPayload(payload: unknown, now: Date, fail: Fail): RegistryClaims {
  if (!isRecord(payload)) return fail('token is malformed: could not JSON decode claim');
  for (const name of ['exp', 'nbf', 'iat']) {
    const value = payload[name];
    if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
      fail(`token is malformed: could not JSON decode claim: invalid type for claim ${name}`);
    }
  }
  const problems = jwtTimeProblems(payload, now);
  if (problems.length > 0) fail(`token has invalid claims: ${problems.join(', ')}`);
  return {
    authMethod: stringClaim(payload, 'auth_method', fail),
    authMethodSubject: stringClaim(payload, 'auth_method_sub', fail),
    permissions: permissionsClaim(payload['permissions'], fail),
    issuedAt: numericDate(payload['iat']) ?? new Date(0),
    expiresAt: numericDate(payload['exp']) as Date,
  };
}

function stringClaim(payload: Record<string, unknown>, name: string, fail: Fail): string {
  const value = payload[name];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    return fail(`token is malformed: could not JSON decode claim: invalid type for claim ${name}`);
  }
  return value;
}

function permissionsClaim(value: unknown, fail: Fail): Permission[] {
  if (value === undefined || value === null) return [];
  const invalid = (): never => fail('token is malformed: could not JSON decode claim: invalid permissions');
  if (!Array.isArray(value)) return invalid();
  return value.map((entry: unknown) => {
    if (!isRecord(entry)) return invalid();
    const { action, resource } = entry;
    if (typeof action !== 'string' || typeof resource !== 'string') return invalid();
    // Unknown actions are kept as they come, like the official registry; they simply never match.
    return { action: action as RegistryAction, resource };
  });
}
