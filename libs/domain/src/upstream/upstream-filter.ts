import { matchesNameGlob } from '../subscription/subscription-filter';

/** Which upstream names a mirror follows: MCP_REGISTRY_UPSTREAM_INCLUDE and _EXCLUDE globs; exclude wins. */
export interface UpstreamNameFilter {
  include: string[];
  exclude: string[];
}

export function mirrorsName(filter: UpstreamNameFilter, name: string): boolean {
  if (filter.exclude.some((glob) => matchesNameGlob(glob, name))) return false;
  return filter.include.length === 0 || filter.include.some((glob) => matchesNameGlob(glob, name));
}
