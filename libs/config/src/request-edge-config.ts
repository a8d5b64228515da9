import { isIP } from 'node:net';
import { ConfigError } from './config-error';
import { Env, choice, read } from './env-values';
import { LOG_LEVELS, LogConfig, TrustProxy } from './registry-config';

const PREFIX = 'MCP_REGISTRY_';

/** MCP_REGISTRY_LOG_LEVEL and MCP_REGISTRY_LOG_FORMAT; unset values are decided by the process. */
export function logConfigOf(env: Env): LogConfig {
  const p = (s: string) => PREFIX + s;
  const level = read(env, p('LOG_LEVEL'));
  const format = read(env, p('LOG_FORMAT'));
  return {
    level: level === undefined ? undefined : choice(env, p('LOG_LEVEL'), LOG_LEVELS, 'info'),
    format:
      format === undefined ? undefined : choice(env, p('LOG_FORMAT'), ['json', 'pretty'] as const, 'json'),
  };
}

/** proxy-addr's names for the private ranges, accepted beside addresses and CIDRs. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * MCP_REGISTRY_TRUST_PROXY: whose X-Forwarded-For the registry believes when it tells clients apart.
 * Unset or `false`: nobody's (the peer address is the client). `true`: everyone's (only behind a proxy
 * nothing else can reach). A number: that many proxy hops. Otherwise addresses, CIDRs or `loopback`,
 * `linklocal`, `uniquelocal`, comma-separated: the proxies trusted.
 */
export function trustProxyOf(env: Env): TrustProxy {
  const p = (s: string) => PREFIX + s;
  const name = p('TRUST_PROXY');
  const raw = read(env, name);
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 32) throw new ConfigError(name, `expected 1 to 32 proxy hops, got ${hops}`);
    return hops;
  }
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const entry of entries) {
    if (!isProxyRange(entry)) {
      throw new ConfigError(
        name,
        `expected true, false, a hop count, or addresses/CIDRs (or loopback, linklocal, uniquelocal), got "${entry}"`,
      );
    }
  }
  return entries;
}

function isProxyRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return false;
  if (slash === -1) return true;
  const bits = entry.slice(slash + 1);
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
