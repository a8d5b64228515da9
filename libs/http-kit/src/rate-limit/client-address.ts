/**
 * The client a rate limit counts, from its address: an IPv4 address as it is, an IPv4-mapped IPv6
 * address as the IPv4 address, any other IPv6 address by its /64 (one host holds a whole /64, so
 * counting single addresses would give it 2^64 budgets). String work only: @fastify/rate-limit's
 * `normalizeIP` parses with ip-address, about 15 µs an IPv6 request.
 */
export function rateLimitClientOf(ip: string): string {
  if (ip.indexOf(':') === -1) return ip;
  let address = ip.toLowerCase();
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  if (address.startsWith('::ffff:') && address.indexOf('.') !== -1) return address.slice(7);
  const gap = address.indexOf('::');
  let groups: string[];
  if (gap === -1) {
    groups = address.split(':');
  } else {
    const head = gap === 0 ? [] : address.slice(0, gap).split(':');
    const tailText = address.slice(gap + 2);
    const tail = tailText === '' ? [] : tailText.split(':');
    // A dotted IPv4 tail stands for two groups.
    const tailGroups = tail.length + (tailText.indexOf('.') !== -1 ? 1 : 0);
    const missing = Math.max(0, 8 - head.length - tailGroups);
    groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  }
  const prefix = groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, ''));
  while (prefix.length < 4) prefix.push('0');
  return `${prefix.join(':')}::/64`;
}
