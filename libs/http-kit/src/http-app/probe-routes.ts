/**
 * Routes polled by probes and scrapers (any prefix): `/livez`, `/readyz`, `/metrics`, the official
 * `/health` and `/ping`. They are never rate limited, and their request lines are debug, not info, so
 * a probe every few seconds does not bury the traffic.
 */
export function isProbeRoute(route: string): boolean {
  if (route === '/livez' || route === '/readyz' || route === '/metrics') return true;
  const last = route.slice(route.lastIndexOf('/'));
  return last === '/health' || last === '/ping';
}
