/**
 * The time checks of the official registry's JWT library (golang-jwt v5) with `exp` required: a token
 * is expired from the instant `exp` names and not valid before `nbf`; `iat` is not checked. Returns the
 * problems in its words, joined by the caller as "token has invalid claims: a, b".
 */
export function jwtTimeProblems(payload: Record<string, unknown>, now: Date): string[] {
  const problems: string[] = [];
  const exp = numericDate(payload['exp']);
  const nbf = numericDate(payload['nbf']);
  if (exp === undefined) problems.push('token is missing required claim: exp claim is required');
  else if (!(now.getTime() < exp.getTime())) problems.push('token is expired');
  if (nbf !== undefined && now.getTime() < nbf.getTime()) problems.push('token is not valid yet');
  return problems;
}

/** `undefined` when absent; NaN dates never pass the checks above. */
export function numericDate(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  return new Date(typeof value === 'number' ? value * 1000 : NaN);
}
