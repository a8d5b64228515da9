import { FakeRegistryServer, json, notFound, RouteRequest, RouteResponse } from './fake-registry-server';

export interface CrateVersionFixture {
  version?: string;
  /** The rendered README HTML; omit for a crate version without a README. */
  readmeHtml?: string;
}

/**
 * crates.io: `/api/v1/crates/<name>/<version>/readme` answers (always 200, like the real API) a
 * JSON pointer to the rendered README on the "CDN" (here the same server), which answers 403 for
 * anything missing, as S3 does; `/api/v1/crates/<name>/<version>` says whether the version exists.
 */
export class FakeCratesRegistry extends FakeRegistryServer {
  private readonly crates = new Map<string, Map<string, string | undefined>>();
  /** Makes the readme endpoint point somewhere else (to test the README host pinning). */
  readmePointerOverride?: string;

  addCrate(name: string, fixture: CrateVersionFixture = {}): this {
    const versions = this.crates.get(name) ?? new Map<string, string | undefined>();
    versions.set(fixture.version ?? '0.1.0', fixture.readmeHtml);
    this.crates.set(name, versions);
    return this;
  }

  protected route({ method, path }: RouteRequest): RouteResponse {
    if (method !== 'GET') return { status: 405 };
    const pointer = /^\/api\/v1\/crates\/([^/]+)\/([^/]+)\/readme$/.exec(path);
    if (pointer) {
      const [name, version] = [decodeURIComponent(pointer[1]), decodeURIComponent(pointer[2])];
      const url =
        this.readmePointerOverride ??
        `${this.serverOrigin}/readmes/${encodeURIComponent(name)}/${encodeURIComponent(name)}-${encodeURIComponent(version)}.html`;
      return json(200, { url });
    }
    const versionInfo = /^\/api\/v1\/crates\/([^/]+)\/([^/]+)$/.exec(path);
    if (versionInfo) {
      const [name, version] = [decodeURIComponent(versionInfo[1]), decodeURIComponent(versionInfo[2])];
      if (!this.crates.get(name)?.has(version)) return json(404, { errors: [{ detail: 'Not Found' }] });
      return json(200, { version: { crate: name, num: version } });
    }
    const readme = /^\/readmes\/([^/]+)\/([^/]+)\.html$/.exec(path);
    if (readme) {
      const name = decodeURIComponent(readme[1]);
      const version = decodeURIComponent(readme[2]).slice(name.length + 1);
      const html = this.crates.get(name)?.get(version);
      if (html === undefined)
        return {
          status: 403,
          headers: { 'content-type': 'application/xml' },
          body: '<Error><Code>AccessDenied</Code></Error>',
        };
      return { status: 200, headers: { 'content-type': 'text/html' }, body: html };
    }
    return notFound();
  }
}
