export interface JwtParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function decodeSegment(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) throw new Error('illegal base64 data');
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

/** Header and payload of a compact JWT, unverified: what the checks before the signature look at. */
export function decodeJwtParts(token: string, failure: (why: string) => Error): JwtParts {
  const segments = token.split('.');
  if (segments.length !== 3)
    throw failure('token is malformed: token contains an invalid number of segments');
  let header: unknown;
  let payload: unknown;
  try {
    header = decodeSegment(segments[0]!);
  } catch (error) {
    throw failure(`token is malformed: could not JSON decode header: ${(error as Error).message}`);
  }
  try {
    payload = decodeSegment(segments[1]!);
  } catch (error) {
    throw failure(`token is malformed: could not JSON decode claim: ${(error as Error).message}`);
  }
  if (!isRecord(header)) throw failure('token is malformed: could not JSON decode header');
  if (!isRecord(payload)) throw failure('token is malformed: could not JSON decode claim');
  return { header, payload };
}

/** `aud` is a string or a list of strings. */
export function audienceList(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}
