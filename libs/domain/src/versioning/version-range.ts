/**
 * Versions the official registry refuses because they name a set of versions, not one.
 * The four shapes (and their regular expressions) are the publish validator's; anything else,
 * even `snapshot - 2025.09`, is accepted as a free-form version.
 */

// Go's RE2 `\s` is ASCII-only ([\t\n\f\r ]); JavaScript's is wider, so it is spelled out.
const S = String.raw`[\t\n\f\r ]`;
const PART = String.raw`v?\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?`;
const COMPARATOR_RANGE = new RegExp(String.raw`^${S}*(?:\^|~|>=|<=|>|<|=)${S}*${PART}${S}*$`);
const HYPHEN_RANGE = new RegExp(String.raw`^${S}*${PART}${S}-${S}*${PART}${S}*$`);
const OR_RANGE = new RegExp(String.raw`^${S}*(?:${PART}${S}*)(?:\|\|${S}*${PART}${S}*)+$`);
const DOTTED_WILDCARD = new RegExp(
  String.raw`^${S}*(?:v?\d+|x|X|\*)(?:\.(?:\d+|x|X|\*)){1,2}(?:-[0-9A-Za-z.-]+)?${S}*$`,
);

/** The version string no publisher may use: it is how clients ask for the newest version. */
export const RESERVED_VERSION = 'latest';

export function isReservedVersion(version: string): boolean {
  return version === RESERVED_VERSION;
}

const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_SPACE_EDGES = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

/** Go's strings.TrimSpace (unicode.IsSpace), which differs from String.prototype.trim at U+0085 and U+FEFF. */
export function trimGoSpace(text: string): string {
  return text.replace(GO_SPACE_EDGES, '');
}

export function isVersionRange(version: string): boolean {
  const trimmed = trimGoSpace(version);
  if (trimmed === '') return false;
  if (COMPARATOR_RANGE.test(trimmed) || HYPHEN_RANGE.test(trimmed) || OR_RANGE.test(trimmed)) return true;
  // A dotted version is a range only when one of its parts is a wildcard; the check looks at the
  // whole string, so a prerelease containing an `x` (1.2.3-xyz) counts too, as it does officially.
  return DOTTED_WILDCARD.test(trimmed) && /[xX*]/.test(trimmed);
}
