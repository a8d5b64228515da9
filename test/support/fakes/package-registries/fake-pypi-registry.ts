import { FakeRegistryServer, json, notFound, RouteRequest, RouteResponse } from './fake-registry-server';

export interface PypiReleaseFixture {
  version?: string;
  /** The long description (the README) where `mcp-name: <server name>` must appear. */
  description?: string | null;
}

/** PEP 503 name normalisation: PyPI redirects any other spelling to this one. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * pypi.org's JSON API: `GET /pypi/<name>/<version>/json` and `/pypi/<name>/json`. Like the real
 * PyPI it answers a non-normalised project name with a 301 to the normalised URL.
 */
export class FakePypiRegistry extends FakeRegistryServer {
  private readonly projects = new Map<string, Map<string, string | null>>();

  addPypiPackage(name: string, fixture: PypiReleaseFixture = {}): this {
    const key = normalise(name);
    const releases = this.projects.get(key) ?? new Map<string, string | null>();
    releases.set(fixture.version ?? '1.0.0', fixture.description === undefined ? '' : fixture.description);
    this.projects.set(key, releases);
    return this;
  }

  protected route({ method, path }: RouteRequest): RouteResponse {
    const match = /^\/pypi\/([^/]+)\/(?:([^/]+)\/)?json$/.exec(path);
    if (!match) return notFound();
    const requested = decodeURIComponent(match[1]);
    const version = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const canonical = normalise(requested);
    const releases = this.projects.get(canonical);
    if (!releases) return notFound('{"message": "Not Found"}');
    if (requested !== canonical) {
      const location =
        version === undefined ? `/pypi/${canonical}/json` : `/pypi/${canonical}/${version}/json`;
      return { status: 301, headers: { location } };
    }
    if (version === undefined) {
      if (method !== 'HEAD' && method !== 'GET') return { status: 405 };
      return json(200, {
        info: { name: canonical },
        releases: Object.fromEntries([...releases.keys()].map((v) => [v, []])),
      });
    }
    if (method !== 'GET') return { status: 405 };
    if (!releases.has(version)) return notFound('{"message": "Not Found"}');
    return json(200, { info: { name: canonical, version, description: releases.get(version) } });
  }
}
