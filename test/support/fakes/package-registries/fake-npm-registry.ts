import { FakeRegistryServer, json, notFound, RouteRequest, RouteResponse } from './fake-registry-server';

export interface NpmVersionFixture {
  version?: string;
  /** The package.json field the registry checks; omit to publish a version without it. */
  mcpName?: unknown;
  /** Any other package.json fields. */
  packageJson?: Record<string, unknown>;
}

/**
 * registry.npmjs.org: `GET /<name>/<version>` answers the version's package.json, `HEAD /<name>`
 * says whether the package exists. Scoped names arrive as one segment (`@scope%2Fname`).
 */
export class FakeNpmRegistry extends FakeRegistryServer {
  private readonly packages = new Map<string, Map<string, Record<string, unknown>>>();

  addNpmPackage(name: string, fixture: NpmVersionFixture = {}): this {
    const version = fixture.version ?? '1.0.0';
    const versions = this.packages.get(name) ?? new Map<string, Record<string, unknown>>();
    const manifest: Record<string, unknown> = { name, version, ...(fixture.packageJson ?? {}) };
    if ('mcpName' in fixture) manifest.mcpName = fixture.mcpName;
    versions.set(version, manifest);
    this.packages.set(name, versions);
    return this;
  }

  protected route({ method, path }: RouteRequest): RouteResponse {
    const segments = path.replace(/^\//, '').split('/').map(decodeURIComponent);
    const versions = this.packages.get(segments[0]);
    if (segments.length === 1) {
      if (method !== 'HEAD' && method !== 'GET') return { status: 405 };
      if (!versions) return notFound('{"error":"Not found"}');
      return json(200, { name: segments[0], versions: Object.fromEntries(versions) });
    }
    if (segments.length === 2 && method === 'GET') {
      if (!versions) return json(404, { error: 'Not found' });
      const manifest = versions.get(segments[1]);
      if (!manifest) return json(404, `version not found: ${segments[1]}`);
      return json(200, manifest);
    }
    return { status: 405 };
  }
}
