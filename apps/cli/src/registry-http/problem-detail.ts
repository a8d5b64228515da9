/**
 * One line out of an error response: the RFC 9457 `detail` (with the field errors huma-style
 * registries list under `errors`), the `{error}` form of the generic Registry API spec, or else the
 * start of the body as text.
 */
export function problemDetailOf(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const problem = parsed as Record<string, unknown>;
    const detail = [problem.detail, problem.error, problem.message, problem.title].find(
      (v): v is string => typeof v === 'string' && v.trim() !== '',
    );
    const fieldErrors = Array.isArray(problem.errors)
      ? problem.errors.flatMap((e) => {
          if (typeof e !== 'object' || e === null) return [];
          const { message, location } = e as Record<string, unknown>;
          if (typeof message !== 'string') return [];
          return [typeof location === 'string' && location !== '' ? `${location}: ${message}` : message];
        })
      : [];
    const joined = [detail, fieldErrors.length > 0 ? fieldErrors.join('; ') : undefined]
      .filter(Boolean)
      .join(': ');
    if (joined !== '') return squeeze(joined, 500);
  }
  return squeeze(body, 300) || '(empty body)';
}

function squeeze(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
