import { FakeRegistryServer, json, notFound, RouteRequest, RouteResponse } from './fake-registry-server';

export interface NugetVersionFixture {
  version?: string;
  /** The embedded README; omit for a package without one. */
  readme?: string;
}

/**
 * The NuGet V3 API: a service index at /v3/index.json naming the flat container, where
 * `<id>/index.json` lists versions and `<id>/<version>/readme` serves the embedded README.
 * `start()` answers the service index URL, which is what the verifier is configured with.
 */
export class FakeNugetRegistry extends FakeRegistryServer {
  private readonly packages = new Map<string, Map<string, string | undefined>>();
  /** Service index resource types to leave out, to test incomplete indexes. */
  readonly omittedResources = new Set<string>();

  addNugetPackage(id: string, fixture: NugetVersionFixture = {}): this {
    const versions = this.packages.get(id.toLowerCase()) ?? new Map<string, string | undefined>();
    versions.set((fixture.version ?? '1.0.0').toLowerCase(), fixture.readme);
    this.packages.set(id.toLowerCase(), versions);
    return this;
  }

  protected override baseUrl(): string {
    return `${this.serverOrigin}/v3/index.json`;
  }

  protected route({ method, path }: RouteRequest): RouteResponse {
    if (method !== 'GET') return { status: 405 };
    if (path === '/v3/index.json') return json(200, this.serviceIndex());
    const versionsMatch = /^\/v3-flatcontainer\/([^/]+)\/index\.json$/.exec(path);
    if (versionsMatch) {
      const versions = this.packages.get(decodeURIComponent(versionsMatch[1]));
      return versions
        ? json(200, { versions: [...versions.keys()] })
        : notFound('<Error><Code>BlobNotFound</Code></Error>');
    }
    const readmeMatch = /^\/v3-flatcontainer\/([^/]+)\/([^/]+)\/readme$/.exec(path);
    if (readmeMatch) {
      const readme = this.packages
        .get(decodeURIComponent(readmeMatch[1]))
        ?.get(decodeURIComponent(readmeMatch[2]));
      if (readme === undefined) return notFound('<Error><Code>BlobNotFound</Code></Error>');
      return { status: 200, headers: { 'content-type': 'text/markdown' }, body: readme };
    }
    return notFound();
  }

  private serviceIndex(): unknown {
    const flat = `${this.serverOrigin}/v3-flatcontainer/`;
    const resources = [
      { '@id': flat, '@type': 'PackageBaseAddress/3.0.0' },
      { '@id': `${flat}{lower_id}/{lower_version}/readme`, '@type': 'ReadmeUriTemplate/6.13.0' },
      { '@id': `${this.serverOrigin}/query`, '@type': 'SearchQueryService' },
    ].filter((resource) => !this.omittedResources.has(resource['@type']));
    return { version: '3.0.0', resources };
  }
}
