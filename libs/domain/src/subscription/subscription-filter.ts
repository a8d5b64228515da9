import { FEED_CHANGE_TYPES, FeedChangeType, SubscriptionFilter } from './subscription-events';

export const MAX_FILTER_NAMES = 50;
export const MAX_FILTER_NAME_LENGTH = 200;

/** The change a filter is asked about. */
export interface FilteredChange {
  name: string;
  type: string;
  /** A rename's former name: a filter on either name matches (a mirror of the old name must see it go). */
  previousName?: string;
}

/** Whether a change goes to a subscription: every list present and non-empty must match. */
export function matchesFilter(filter: SubscriptionFilter, change: FilteredChange): boolean {
  const { names, types } = filter;
  if (types !== undefined && types.length > 0 && !(types as readonly string[]).includes(change.type)) {
    return false;
  }
  const named = (name: string | undefined): boolean =>
    name !== undefined && names!.some((glob) => matchesNameGlob(glob, name));
  if (names !== undefined && names.length > 0 && !named(change.name) && !named(change.previousName)) {
    return false;
  }
  return true;
}

/**
 * A server-name glob: `*` matches any run of characters (`/` and `.` included), everything else
 * itself, case-sensitively like server names. Matched by the classic two-pointer walk rather than a
 * regular expression: nothing to escape, and no backtracking blow-up on globs like `*a*a*a*a*b`,
 * which owners write and the federation worker runs against every change. O(glob × name) at worst.
 */
export function matchesNameGlob(glob: string, name: string): boolean {
  let g = 0;
  let n = 0;
  // The last `*` seen and the name position it was tried from, to widen its run on a mismatch.
  let star = -1;
  let starFrom = 0;
  while (n < name.length) {
    if (g < glob.length && glob[g] === '*') {
      star = g++;
      starFrom = n;
    } else if (g < glob.length && glob[g] === name[n]) {
      g++;
      n++;
    } else if (star >= 0) {
      g = star + 1;
      n = ++starFrom;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

/** One problem with a filter, in the shape of RegistryError details and with huma's messages (the 422s). */
export interface FilterIssue {
  message: string;
  /** `body.filter.names[3]`, under the location the caller gave. */
  location: string;
  value?: unknown;
}

export interface FilterValidation {
  /** The filter, with empty lists dropped and duplicates removed; undefined when there are issues. */
  filter?: SubscriptionFilter;
  issues: FilterIssue[];
}

const FILTER_KEYS = new Set(['names', 'types']);

/**
 * Checks a filter from a request body. Absent (undefined) means "every change"; anything else must
 * be an object with at most `names` and `types`. Unknown keys are issues, so that a typo (`name`)
 * does not silently subscribe to everything.
 */
export function validateFilter(input: unknown, location = 'body.filter'): FilterValidation {
  if (input === undefined) return { filter: {}, issues: [] };
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { issues: [{ message: 'expected object', location, value: input }] };
  }
  const issues: FilterIssue[] = [];
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!FILTER_KEYS.has(key)) {
      issues.push({ message: 'unexpected property', location: `${location}.${key}` });
    }
  }
  const names = validateNames(record['names'], `${location}.names`, issues);
  const types = validateTypes(record['types'], `${location}.types`, issues);
  if (issues.length > 0) return { issues };
  const filter: SubscriptionFilter = {};
  if (names !== undefined && names.length > 0) filter.names = names;
  if (types !== undefined && types.length > 0) filter.types = types;
  return { filter, issues };
}

function validateNames(value: unknown, location: string, issues: FilterIssue[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    issues.push({ message: 'expected array', location, value });
    return undefined;
  }
  if (value.length > MAX_FILTER_NAMES) {
    issues.push({ message: `expected array length <= ${MAX_FILTER_NAMES}`, location, value: value.length });
  }
  value.forEach((glob: unknown, i) => {
    const at = `${location}[${i}]`;
    if (typeof glob !== 'string') issues.push({ message: 'expected string', location: at, value: glob });
    else if (glob.length === 0) issues.push({ message: 'expected length >= 1', location: at, value: glob });
    else if (glob.length > MAX_FILTER_NAME_LENGTH) {
      issues.push({ message: `expected length <= ${MAX_FILTER_NAME_LENGTH}`, location: at, value: glob });
    }
  });
  return [...new Set(value.filter((g): g is string => typeof g === 'string'))];
}

function validateTypes(
  value: unknown,
  location: string,
  issues: FilterIssue[],
): FeedChangeType[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    issues.push({ message: 'expected array', location, value });
    return undefined;
  }
  const known: readonly string[] = FEED_CHANGE_TYPES;
  value.forEach((type: unknown, i) => {
    if (typeof type !== 'string' || !known.includes(type)) {
      issues.push({
        message: `expected value to be one of "${FEED_CHANGE_TYPES.join(', ')}"`,
        location: `${location}[${i}]`,
        value: type,
      });
    }
  });
  return [...new Set(value.filter((t): t is FeedChangeType => typeof t === 'string' && known.includes(t)))];
}

/** Whether two filters select the same changes (list order and duplicates do not matter). */
export function sameFilter(a: SubscriptionFilter, b: SubscriptionFilter): boolean {
  return sameSet(a.names, b.names) && sameSet(a.types, b.types);
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const left = new Set(a ?? []);
  const right = new Set(b ?? []);
  return left.size === right.size && [...left].every((x) => right.has(x));
}
