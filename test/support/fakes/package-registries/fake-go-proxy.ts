import { FakeRegistryServer, json, RouteRequest, RouteResponse } from './fake-registry-server';

/** The goproxy case-encoding: an uppercase letter becomes "!" plus the lowercase letter. */
function encode(path: string): string {
  return path.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/** proxy.golang.org: `GET /<module>/@v/<version>.info`, 410 Gone for anything it does not know. */
export class FakeGoProxy extends FakeRegistryServer {
  private readonly versions = new Set<string>();

  addGoModule(modulePath: string, version: string): this {
    this.versions.add(`${encode(modulePath)}@${encode(version)}`);
    return this;
  }

  protected route({ method, path }: RouteRequest): RouteResponse {
    if (method !== 'GET') return { status: 405 };
    const match = /^\/(.+)\/@v\/([^/]+)\.info$/.exec(path);
    if (!match || !this.versions.has(`${decodeURIComponent(match[1])}@${decodeURIComponent(match[2])}`)) {
      return { status: 410, body: 'not found: unknown revision' };
    }
    return json(200, {
      Version: decodeURIComponent(match[2]).replace(/!([a-z])/g, (_, c: string) => c.toUpperCase()),
      Time: '2025-01-01T00:00:00Z',
    });
  }
}
