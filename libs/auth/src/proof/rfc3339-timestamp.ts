/**
 * Parses an RFC 3339 timestamp the way the official registry does (Go's time.Parse with the RFC3339
 * layout), so a client sees the same acceptance rules and the same error texts: fractional seconds and
 * numeric offsets are accepted, a one-digit hour is accepted, ranges are checked.
 */
export type Rfc3339Result = { ok: true; date: Date } | { ok: false; error: string };

const LAYOUT = '2006-01-02T15:04:05Z07:00';
const quote = (s: string): string => JSON.stringify(s);
const isDigit = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** Go's getnum: one or two digits, exactly two when `fixed`. */
function twoDigits(s: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : { n: Number(s[0]), rest: s.slice(1) };
  return { n: Number(s.slice(0, 2)), rest: s.slice(2) };
}

export function parseRfc3339(value: string): Rfc3339Result {
  const cannot = (rest: string, element: string): Rfc3339Result => ({
    ok: false,
    error: `parsing time ${quote(value)} as ${quote(LAYOUT)}: cannot parse ${quote(rest)} as ${quote(element)}`,
  });
  const outOfRange = (what: string): Rfc3339Result => ({
    ok: false,
    error: `parsing time ${quote(value)}: ${what} out of range`,
  });
  let rest = value;
  const literal = (text: string): boolean => {
    if (!rest.startsWith(text)) return false;
    rest = rest.slice(text.length);
    return true;
  };

  const yearText = rest.slice(0, 4);
  if (yearText.length < 4 || !/^[+-]?\d+$/.test(yearText)) return cannot(rest, '2006');
  const year = Number(yearText);
  rest = rest.slice(4);
  const fields: number[] = [];
  const numeric: Array<[string, string, boolean, number, string]> = [
    // [separator before, layout element, fixed width, exclusive maximum, range name]
    ['-', '01', true, 13, 'month'],
    ['-', '02', true, 32, 'day'],
    ['T', '15', false, 24, 'hour'],
    [':', '04', true, 60, 'minute'],
    [':', '05', true, 60, 'second'],
  ];
  for (const [separator, element, fixed, limit, name] of numeric) {
    if (!literal(separator)) return cannot(rest, separator);
    const parsed = twoDigits(rest, fixed);
    if (parsed === undefined) return cannot(rest, element);
    if (parsed.n >= limit || (name === 'month' && parsed.n === 0)) return outOfRange(name);
    fields.push(parsed.n);
    rest = parsed.rest;
  }
  let millis = 0;
  if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigit(rest, 1)) {
    let n = 1;
    while (isDigit(rest, n)) n++;
    millis = Math.floor(Number(`0.${rest.slice(1, n)}`) * 1000);
    rest = rest.slice(n);
  }
  let offsetMinutes = 0;
  if (rest.startsWith('Z')) {
    rest = rest.slice(1);
  } else {
    const zone = /^([+-])(\d\d):(\d\d)/.exec(rest);
    if (zone === null) return cannot(rest, 'Z07:00');
    const [, sign, hh, mm] = zone;
    if (Number(hh) > 24) return outOfRange('time zone offset hour');
    if (Number(mm) > 60) return outOfRange('time zone offset minute');
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
    rest = rest.slice(6);
  }
  if (rest.length > 0)
    return { ok: false, error: `parsing time ${quote(value)}: extra text: ${quote(rest)}` };

  const [month, day, hour, minute, second] = fields as [number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (day < 1 || date.getUTCMonth() !== month - 1) return outOfRange('day');
  date.setUTCHours(hour, minute, second, millis);
  return { ok: true, date: new Date(date.getTime() - offsetMinutes * 60_000) };
}
