/** What /v0/version reports. */
export interface BuildInfo {
  version: string;
  gitCommit: string;
  buildTime: string;
}

/** The official build's defaults when nothing is injected. */
export const UNKNOWN_BUILD: Readonly<BuildInfo> = {
  version: 'dev',
  gitCommit: 'unknown',
  buildTime: 'unknown',
};

/**
 * Build info by HTTP server instance: `configureHttpApp` records it, HealthModule reads it through Nest's
 * HttpAdapterHost. Keyed per server so two apps in one process stay apart, and looked up this way because
 * asking Nest's application for a provider it lacks ends the process (its exceptions zone exits).
 */
const builds = new WeakMap<object, BuildInfo>();

export function recordBuildInfo(server: object, build: BuildInfo): void {
  builds.set(server, build);
}

export function buildInfoOf(server: object | undefined): Readonly<BuildInfo> {
  return (server === undefined ? undefined : builds.get(server)) ?? UNKNOWN_BUILD;
}
