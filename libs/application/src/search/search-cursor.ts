import { SearchPosition } from '../ports/read-model.port';

/** The cursor's layout version: a cursor of another layout is refused, not misread. */
const LAYOUT = 1;

/**
 * A search page's `nextCursor`: the last hit's position in the ranking (score, name, version), as
 * base64url JSON. Opaque to clients, and meaningful only to the store that made it (each ranks on
 * its own scale).
 */
export function encodeSearchCursor(position: SearchPosition): string {
  return Buffer.from(JSON.stringify([LAYOUT, position.score, position.name, position.version])).toString(
    'base64url',
  );
}

/** The position a cursor names; undefined when the text is not a cursor this registry made. */
export function decodeSearchCursor(cursor: string): SearchPosition | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
  const [layout, score, name, version] = parsed as unknown[];
  if (layout !== LAYOUT || typeof score !== 'number' || !Number.isFinite(score)) return undefined;
  if (typeof name !== 'string' || typeof version !== 'string') return undefined;
  return { score, name, version };
}
