import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which addresses an outbound request may connect to. Everything that is not a globally routable
 * unicast address is refused: the registry fetches URLs that publishers control (HTTP proofs,
 * package metadata, webhooks), so reaching the operator's own network must be impossible.
 */

interface Ipv4Range {
  base: number;
  bits: number;
  label: string;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function ipv4Range(cidr: string, label: string): Ipv4Range {
  const [base, bits] = cidr.split('/');
  return { base: ipv4ToNumber(base), bits: Number(bits), label };
}

const IPV4_NON_PUBLIC: readonly Ipv4Range[] = [
  ipv4Range('0.0.0.0/8', 'unspecified'),
  ipv4Range('10.0.0.0/8', 'private'),
  ipv4Range('100.64.0.0/10', 'carrier-grade NAT'),
  ipv4Range('127.0.0.0/8', 'loopback'),
  ipv4Range('169.254.0.0/16', 'link-local'),
  ipv4Range('172.16.0.0/12', 'private'),
  ipv4Range('192.0.0.0/24', 'reserved'),
  ipv4Range('192.0.2.0/24', 'documentation'),
  ipv4Range('192.168.0.0/16', 'private'),
  ipv4Range('198.18.0.0/15', 'benchmarking'),
  ipv4Range('198.51.100.0/24', 'documentation'),
  ipv4Range('203.0.113.0/24', 'documentation'),
  ipv4Range('224.0.0.0/4', 'multicast'),
  ipv4Range('240.0.0.0/4', 'reserved'),
];

function classifyIpv4(address: string): string | undefined {
  const value = ipv4ToNumber(address);
  for (const range of IPV4_NON_PUBLIC) {
    const size = 2 ** (32 - range.bits);
    if (value >= range.base && value < range.base + size) return range.label;
  }
  return undefined;
}

/** Parses an IPv6 literal (optionally with a zone and an embedded dotted quad) into a 128-bit number. */
function ipv6ToBigInt(literal: string): bigint {
  let address = literal.split('%')[0].toLowerCase();
  let embedded: number[] = [];
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4ToNumber(tail);
    embedded = [Math.floor(v4 / 65536), v4 % 65536];
    address = address.slice(0, lastColon + 1);
    if (!address.endsWith('::')) address = address.slice(0, -1);
  }
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const gap = address.indexOf('::');
  let groups: number[];
  if (gap >= 0) {
    const head = parse(address.slice(0, gap));
    const rest = parse(address.slice(gap + 2));
    const fill = 8 - embedded.length - head.length - rest.length;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest, ...embedded];
  } else {
    groups = [...parse(address), ...embedded];
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

interface Ipv6Range {
  base: bigint;
  bits: number;
  /** A label refuses the range; the `embedded-ipv4-*` markers mean: judge the IPv4 address it carries. */
  label: string;
}

function ipv6Range(cidr: string, label: Ipv6Range['label']): Ipv6Range {
  const [base, bits] = cidr.split('/');
  return { base: ipv6ToBigInt(base), bits: Number(bits), label };
}

// Order matters: the first matching range decides (more specific ranges first).
const IPV6_NON_PUBLIC: readonly Ipv6Range[] = [
  ipv6Range('::/128', 'unspecified'),
  ipv6Range('::1/128', 'loopback'),
  ipv6Range('::ffff:0:0/96', 'embedded-ipv4-low'),
  ipv6Range('::/96', 'embedded-ipv4-low'),
  ipv6Range('64:ff9b::/96', 'embedded-ipv4-low'),
  ipv6Range('64:ff9b:1::/48', 'reserved'),
  ipv6Range('100::/64', 'reserved'),
  ipv6Range('2001:db8::/32', 'documentation'),
  ipv6Range('2001::/23', 'reserved'),
  ipv6Range('2002::/16', 'embedded-ipv4-6to4'),
  ipv6Range('fc00::/7', 'unique-local'),
  ipv6Range('fe80::/10', 'link-local'),
  ipv6Range('fec0::/10', 'site-local'),
  ipv6Range('ff00::/8', 'multicast'),
];

function numberToIpv4(value: bigint): string {
  const v = Number(value & 0xffffffffn);
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

function classifyIpv6(address: string): string | undefined {
  const value = ipv6ToBigInt(address);
  for (const range of IPV6_NON_PUBLIC) {
    const shift = BigInt(128 - range.bits);
    if (value >> shift !== range.base >> shift) continue;
    if (range.label === 'embedded-ipv4-low') return classifyIpv4(numberToIpv4(value));
    if (range.label === 'embedded-ipv4-6to4') return classifyIpv4(numberToIpv4(value >> 80n));
    return range.label;
  }
  return undefined;
}

/**
 * Returns why `address` (an IP literal, IPv6 without brackets) is not a public unicast address,
 * or undefined when it is. Anything that is not an IP literal is refused as well.
 */
export function nonPublicAddressReason(address: string): string | undefined {
  if (isIPv4(address)) return classifyIpv4(address);
  if (isIPv6(address.split('%')[0])) return classifyIpv6(address);
  return 'not an IP address';
}
