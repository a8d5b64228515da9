/**
 * A port of Go's `golang.org/x/mod/semver` (parse, IsValid, Compare), which the official registry
 * uses to decide what a semantic version is and how two of them rank. Ported function by function,
 * keeping its names, so a difference from Go can be found by reading the two side by side.
 *
 * Like the Go package it needs the leading `v` and accepts the shorthands `vMAJOR` and
 * `vMAJOR.MINOR`; the registry's own rule (semver.ts) adds the `v` and refuses the shorthands.
 * Go indexes bytes and JavaScript UTF-16 code units; every character accepted here is ASCII, and
 * anything else is refused on either side, so the two agree.
 */

/** The parsed form; `prerelease` keeps its leading `-` and `build` its leading `+`, as in Go. */
export interface GoSemver {
  major: string;
  minor: string;
  patch: string;
  /** The `.0` or `.0.0` a shorthand stands for; empty for a full version. */
  short: string;
  prerelease: string;
  build: string;
}

/** A parse step's result: the token read and the text after it, or undefined (Go's ok == false). */
type Step = [token: string, rest: string] | undefined;

export function parseGoSemver(v: string): GoSemver | undefined {
  if (v === '' || v[0] !== 'v') return undefined;
  const major = parseInt(v.slice(1));
  if (major === undefined) return undefined;
  let rest = major[1];
  if (rest === '')
    return { major: major[0], minor: '0', patch: '0', short: '.0.0', prerelease: '', build: '' };
  if (rest[0] !== '.') return undefined;
  const minor = parseInt(rest.slice(1));
  if (minor === undefined) return undefined;
  rest = minor[1];
  if (rest === '')
    return { major: major[0], minor: minor[0], patch: '0', short: '.0', prerelease: '', build: '' };
  if (rest[0] !== '.') return undefined;
  const patch = parseInt(rest.slice(1));
  if (patch === undefined) return undefined;
  rest = patch[1];
  let prerelease = '';
  if (rest.length > 0 && rest[0] === '-') {
    const step = parsePrerelease(rest);
    if (step === undefined) return undefined;
    [prerelease, rest] = step;
  }
  let build = '';
  if (rest.length > 0 && rest[0] === '+') {
    const step = parseBuild(rest);
    if (step === undefined) return undefined;
    [build, rest] = step;
  }
  if (rest !== '') return undefined;
  return { major: major[0], minor: minor[0], patch: patch[0], short: '', prerelease, build };
}

/** Go's semver.IsValid. */
export function isValidGoSemver(v: string): boolean {
  return parseGoSemver(v) !== undefined;
}

/**
 * Go's semver.Compare: -1, 0 or +1; build metadata is ignored; an invalid version ranks below a
 * valid one and all invalid versions are equal.
 */
export function compareGoSemver(v: string, w: string): number {
  const pv = parseGoSemver(v);
  const pw = parseGoSemver(w);
  if (pv === undefined && pw === undefined) return 0;
  if (pv === undefined) return -1;
  if (pw === undefined) return +1;
  return (
    compareInt(pv.major, pw.major) ||
    compareInt(pv.minor, pw.minor) ||
    compareInt(pv.patch, pw.patch) ||
    comparePrerelease(pv.prerelease, pw.prerelease)
  );
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Decimal digits without a leading zero (a lone `0` is fine); no sign, no size limit. */
function parseInt(v: string): Step {
  if (v === '' || !isDigit(v[0])) return undefined;
  let i = 1;
  while (i < v.length && isDigit(v[i])) i++;
  if (v[0] === '0' && i !== 1) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

/** `-` then non-empty dot-separated identifiers, numeric ones without leading zeros, up to a `+`. */
function parsePrerelease(v: string): Step {
  if (v === '' || v[0] !== '-') return undefined;
  let i = 1;
  let start = 1;
  while (i < v.length && v[i] !== '+') {
    if (!isIdentChar(v[i]!) && v[i] !== '.') return undefined;
    if (v[i] === '.') {
      if (start === i || isBadNum(v.slice(start, i))) return undefined;
      start = i + 1;
    }
    i++;
  }
  if (start === i || isBadNum(v.slice(start, i))) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

/** `+` then non-empty dot-separated identifiers (leading zeros allowed), to the end. */
function parseBuild(v: string): Step {
  if (v === '' || v[0] !== '+') return undefined;
  let i = 1;
  let start = 1;
  while (i < v.length) {
    if (!isIdentChar(v[i]!) && v[i] !== '.') return undefined;
    if (v[i] === '.') {
      if (start === i) return undefined;
      start = i + 1;
    }
    i++;
  }
  if (start === i) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function isIdentChar(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-';
}

/** A numeric identifier with a leading zero, which semver.org §9 forbids in a prerelease. */
function isBadNum(v: string): boolean {
  let i = 0;
  while (i < v.length && isDigit(v[i])) i++;
  return i === v.length && i > 1 && v[0] === '0';
}

function isNum(v: string): boolean {
  let i = 0;
  while (i < v.length && isDigit(v[i])) i++;
  return i === v.length;
}

/**
 * Numeric order of two digit strings without leading zeros: the longer is larger, equal lengths
 * compare as text. (The stored copy of golang/mod in the code index drops the length test — that is
 * the unmerged golang/mod PR #6; released x/mod, and the official tests' `1.10.0 > 1.2.0`, keep it.)
 */
function compareInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length < y.length) return -1;
  if (x.length > y.length) return +1;
  return x < y ? -1 : +1;
}

/**
 * semver.org §11 over Go's prerelease strings (with their leading `-`): no prerelease ranks above
 * any; numeric identifiers rank numerically and below alphanumeric ones, which rank in ASCII order;
 * with equal leading identifiers the longer list ranks higher.
 */
function comparePrerelease(x: string, y: string): number {
  if (x === y) return 0;
  if (x === '') return +1;
  if (y === '') return -1;
  while (x !== '' && y !== '') {
    // Skip the `-` or `.` in front of the next identifier.
    const [dx, restX] = nextIdent(x.slice(1));
    const [dy, restY] = nextIdent(y.slice(1));
    x = restX;
    y = restY;
    if (dx !== dy) {
      const ix = isNum(dx);
      const iy = isNum(dy);
      if (ix !== iy) return ix ? -1 : +1;
      if (ix) {
        if (dx.length < dy.length) return -1;
        if (dx.length > dy.length) return +1;
      }
      return dx < dy ? -1 : +1;
    }
  }
  return x === '' ? -1 : +1;
}

function nextIdent(x: string): [ident: string, rest: string] {
  let i = 0;
  while (i < x.length && x[i] !== '.') i++;
  return [x.slice(0, i), x.slice(i)];
}
