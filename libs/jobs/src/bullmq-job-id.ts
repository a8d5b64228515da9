/**
 * BullMQ refuses custom job ids that look like integers or contain `:` (its own separator), but the
 * port allows any id (`io.github.x/y@1.0.0`, `a:b`, `42`). Ids are percent-escaped reversibly: `%`
 * and `:` always, and the first character of an integer-looking id.
 */
export function toBullMqJobId(jobId: string): string {
  const escaped = jobId.replace(/[%:]/g, (c) => percent(c));
  if (escaped !== '' && `${parseInt(escaped, 10)}` === escaped)
    return percent(escaped[0]!) + escaped.slice(1);
  return escaped;
}

/** The port's job id of a BullMQ job: ids BullMQ made itself (numbers, `repeat:...`) come back as they are. */
export function fromBullMqJobId(bullMqId: string): string {
  if (bullMqId.includes(':')) return bullMqId;
  return bullMqId.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function percent(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}
