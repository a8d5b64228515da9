/**
 * The official registry's idea of a semantic version: `MAJOR.MINOR.PATCH` with an optional
 * `-PRERELEASE`. It is looser and stricter than semver.org in places, on purpose of matching it:
 * - each of the three numbers is whatever Go's `strconv.Atoi` accepts (leading zeros and a `+`
 *   sign pass, values beyond int64 do not);
 * - at most one `-` in the whole string, so `1.0.0-pre-release` is not semver here;
 * - build metadata (`+build`, semver.org §10) is allowed and ignored for precedence. The official
 *   code's own parser would refuse it, but the official registry's data says otherwise: in the
 *   2025-12-18 snapshot `com.redpanda/docs-mcp@2025.11.26+pr150-394827a` outranks `1.0.0`, which
 *   only a semver reading of it explains (the oracle test replays that snapshot).
 */
const BUILD = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const ATOI = /^[+-]?[0-9]+$/;
const PRERELEASE = /^[0-9A-Za-z.-]+$/;
const NUMERIC_IDENTIFIER = /^[0-9]+$/;

function atoi(text: string): bigint | undefined {
  if (!ATOI.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

interface ParsedSemver {
  core: [bigint, bigint, bigint];
  prerelease: string | undefined;
}

function parse(text: string): ParsedSemver | undefined {
  const whole = parseCore(text);
  if (whole !== undefined) return whole;
  // Only when the whole text is not a version does a `+` start build metadata (Atoi reads `1.+2.3`).
  const plus = text.indexOf('+');
  return plus >= 0 && BUILD.test(text.slice(plus + 1)) ? parseCore(text.slice(0, plus)) : undefined;
}

function parseCore(version: string): ParsedSemver | undefined {
  const parts = version.split('-');
  if (parts.length > 2) return undefined;
  const numbers = parts[0]!.split('.');
  if (numbers.length !== 3) return undefined;
  const core = numbers.map(atoi);
  if (core.some((n) => n === undefined)) return undefined;
  const prerelease = parts[1];
  if (prerelease !== undefined && !PRERELEASE.test(prerelease)) return undefined;
  return { core: core as [bigint, bigint, bigint], prerelease };
}

export function isSemver(version: string): boolean {
  return parse(version) !== undefined;
}

function sign(n: number | bigint): number {
  return n > 0 ? 1 : n < 0 ? -1 : 0;
}

/** semver.org §11: numeric identifiers compare numerically and sort before alphanumeric ones. */
function comparePrerelease(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!;
    const y = right[i]!;
    const xNumeric = NUMERIC_IDENTIFIER.test(x);
    const yNumeric = NUMERIC_IDENTIFIER.test(y);
    if (xNumeric && yNumeric) {
      const diff = BigInt(x) - BigInt(y);
      if (diff !== 0n) return sign(diff);
    } else if (xNumeric !== yNumeric) {
      return xNumeric ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return sign(left.length - right.length);
}

/** Precedence of two versions for which `isSemver` holds; a release outranks its prereleases. */
export function compareSemver(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  if (left === undefined || right === undefined) {
    throw new Error(
      `compareSemver needs two semantic versions, got ${JSON.stringify(a)} and ${JSON.stringify(b)}`,
    );
  }
  for (let i = 0; i < 3; i++) {
    const diff = left.core[i]! - right.core[i]!;
    if (diff !== 0n) return sign(diff);
  }
  if (left.prerelease === undefined || right.prerelease === undefined) {
    if (left.prerelease === right.prerelease) return 0;
    return left.prerelease === undefined ? 1 : -1;
  }
  return comparePrerelease(left.prerelease, right.prerelease);
}
