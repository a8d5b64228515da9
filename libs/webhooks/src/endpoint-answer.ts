/** What the sender keeps of an endpoint's answer: a bounded snippet and the wait it asked for. */

export const SNIPPET_BYTES = 1024;

/**
 * The first `SNIPPET_BYTES` of `body` as text, cut before a character that would be split: a cut
 * in the middle of a multi-byte UTF-8 sequence would decode to U+FFFD and mislead whoever reads it.
 */
export function responseSnippet(body: Buffer): string {
  if (body.length <= SNIPPET_BYTES) return body.toString('utf8');
  let end = SNIPPET_BYTES;
  // Continuation bytes are 10xxxxxx; the sequence they belong to starts before them.
  while (end > 0 && (body[end] & 0xc0) === 0x80) end -= 1;
  return body.subarray(0, end).toString('utf8');
}

/**
 * A `Retry-After` header (RFC 9110 §10.2.3: delta-seconds or an HTTP-date) as milliseconds from
 * `now`, the attempt's end. A date in the past is 0 (retry at once); anything unreadable is ignored.
 */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Every HTTP-date form starts with the weekday; requiring it keeps numbers and junk out of Date.parse.
  if (!/^[A-Za-z]{3,9},? /.test(value)) return undefined;
  // The obsolete asctime form names no zone; HTTP-dates are always GMT, whatever the local zone.
  const at = Date.parse(/GMT$/.test(value) ? value : `${value} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
