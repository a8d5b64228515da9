import { goValue } from './go-value-format';

/** Registered claims never take part in the extra-claims rules. */
const REGISTERED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);

export function extraClaimsOf(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([name]) => !REGISTERED_CLAIMS.has(name)));
}

/**
 * The official MCP_REGISTRY_OIDC_EXTRA_CLAIMS semantics: every key of every rule must be present and
 * match. A list claim matches a scalar it contains (a one-element list is compared as its element), and
 * a list rule matches if the lists share any value. Returns the official error text, or undefined.
 */
export function extraClaimsProblem(
  rules: ReadonlyArray<Record<string, unknown>>,
  claims: Record<string, unknown>,
): string | undefined {
  for (const rule of rules) {
    const problem = ruleProblem(rule, claims);
    if (problem !== undefined) return `claim validation failed for rule ${goValue(rule)}: ${problem}`;
  }
  return undefined;
}

function ruleProblem(rule: Record<string, unknown>, claims: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(rule).sort()) {
    if (!(key in claims)) return `claim validation failed: required claim ${key} not found`;
    const problem = compare(key, claims[key], rule[key]);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function compare(key: string, actual: unknown, expected: unknown): string | undefined {
  if (Array.isArray(actual)) {
    if (Array.isArray(expected)) {
      if (actual.some((a) => expected.some((e) => same(a, e)))) return undefined;
      return `claim validation failed: ${key} no matching values found between actual ${goValue(actual)} and expected ${goValue(expected)}`;
    }
    if (actual.length === 1) return compare(key, actual[0], expected);
    if (actual.some((a) => same(a, expected))) return undefined;
    return `claim validation failed: ${key} expected ${goValue(expected)} to be in array ${goValue(actual)}`;
  }
  if (!same(actual, expected)) {
    return `claim validation failed: ${key} expected ${goValue(expected)}, got ${goValue(actual)}`;
  }
  return undefined;
}

/** Go compares decoded JSON scalars by value; objects and lists never equal a scalar rule. */
function same(a: unknown, b: unknown): boolean {
  const scalar = (v: unknown): boolean => v === null || typeof v !== 'object';
  return scalar(a) && scalar(b) && a === b;
}
