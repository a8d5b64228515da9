import { compareSemver, isSemver } from './semver';

/** A publication time: a Date, or an RFC 3339 timestamp (which may carry up to nanoseconds). */
export type PublishTime = Date | string;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Nanoseconds since the epoch. The official registry keeps microseconds (Postgres), and two
 * versions published within the same millisecond must still order as Go's time.Before orders them,
 * so string timestamps are not squeezed through Date.
 */
function epochNanos(time: PublishTime): bigint {
  if (time instanceof Date) {
    const ms = time.getTime();
    if (Number.isNaN(ms)) throw new Error('invalid publish time: Invalid Date');
    return BigInt(ms) * 1_000_000n;
  }
  const m = RFC3339.exec(time);
  if (m === null) throw new Error(`invalid publish time: ${JSON.stringify(time)}`);
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const wholeSeconds =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  let offsetSeconds = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    offsetSeconds = sign * (Number(zone!.slice(1, 3)) * 3600 + Number(zone!.slice(4, 6)) * 60);
  }
  const nanos = BigInt(frac.padEnd(9, '0') || '0');
  return BigInt(wholeSeconds - offsetSeconds) * 1_000_000_000n + nanos;
}

/**
 * Which of two versions of one server is newer, as the official CompareVersions (v1.7.0) decides:
 * - both semver (see `isSemver`) → semver precedence, publish times ignored;
 * - exactly one semver → it wins, whatever the publish times (no fallback to time);
 * - neither → the later publication wins (equal times compare equal, like Go's Before/After).
 * Returns -1, 0 or +1, like a sort comparator.
 */
export function compareVersions(
  a: string,
  b: string,
  aPublishedAt: PublishTime,
  bPublishedAt: PublishTime,
): number {
  const aSemver = isSemver(a);
  const bSemver = isSemver(b);
  if (aSemver && bSemver) return compareSemver(a, b);
  if (aSemver !== bSemver) return aSemver ? 1 : -1;
  const diff = epochNanos(aPublishedAt) - epochNanos(bPublishedAt);
  return diff > 0n ? 1 : diff < 0n ? -1 : 0;
}
