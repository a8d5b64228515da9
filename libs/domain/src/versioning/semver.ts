import { compareGoSemver, isValidGoSemver } from './go-semver';

/**
 * The official registry's idea of a semantic version (v1.7.0, internal/service/versioning.go):
 * Go's `golang.org/x/mod/semver` after adding a `v` when the version has none, and exactly three
 * numeric parts. That is semver.org 2.0.0 plus an optional leading `v`:
 * - `MAJOR.MINOR.PATCH` are decimal numbers without leading zeros (`2021.03.05` is not semver) and
 *   of any size; the shorthands `1` and `1.2` that x/mod accepts are refused;
 * - an optional `-PRERELEASE` of dot-separated `[0-9A-Za-z-]` identifiers (hyphens inside are fine:
 *   `1.0.0-pre-release`), numeric ones without leading zeros (`1.0.0-01` is not semver);
 * - optional `+BUILD` metadata of the same characters (leading zeros allowed), ignored for precedence.
 */
export function isSemver(version: string): boolean {
  const withV = ensureVPrefix(version);
  if (!isValidGoSemver(withV)) return false;
  // x/mod reads `v1` and `v1.2` as `v1.0.0` and `v1.2.0`; the official rule counts the core's parts
  // instead, cutting at the first `-` and then at the first `+`, as the Go code does.
  let core = withV.slice(1);
  const dash = core.indexOf('-');
  if (dash !== -1) core = core.slice(0, dash);
  const plus = core.indexOf('+');
  if (plus !== -1) core = core.slice(0, plus);
  return core.split('.').length === 3;
}

/** Only a missing `v` is added, so `vv1.0.0` and `V1.0.0` stay invalid, as officially. */
function ensureVPrefix(version: string): string {
  return version.startsWith('v') ? version : `v${version}`;
}

/**
 * Precedence (-1, 0 or +1) of two versions for which `isSemver` holds: x/mod's semver.Compare, so
 * `v1.0.0` equals `1.0.0` and `1.0.0+a` equals `1.0.0+b`. The official code only ever compares two
 * semantic versions; this refuses anything else rather than silently ranking it lowest.
 */
export function compareSemver(a: string, b: string): number {
  if (!isSemver(a) || !isSemver(b)) {
    throw new Error(
      `compareSemver needs two semantic versions, got ${JSON.stringify(a)} and ${JSON.stringify(b)}`,
    );
  }
  return compareGoSemver(ensureVPrefix(a), ensureVPrefix(b));
}
