import { FakeRegistryServer, notFound, RouteRequest, RouteResponse } from './fake-registry-server';

export interface McpbFileFixture {
  /** Answer the download path with a 302 to a storage path, as GitHub release downloads do. Default true. */
  redirect?: boolean;
  /** Status of the final answer. Default 200. */
  status?: number;
  content?: string;
}

/**
 * Stands in for github.com / gitlab.com release downloads. Files are registered by path
 * (`/owner/repo/releases/download/v1.0.0/server.mcpb`); the verifier is pointed at it through
 * `mcpbHostOverrides` while the identifiers keep their real github.com URLs.
 */
export class FakeMcpbHost extends FakeRegistryServer {
  private readonly files = new Map<string, McpbFileFixture>();

  addMcpbFile(path: string, fixture: McpbFileFixture = {}): this {
    this.files.set(path, fixture);
    return this;
  }

  protected route({ path }: RouteRequest): RouteResponse {
    const stored = /^\/release-assets(\/.*)$/.exec(path);
    if (stored) return this.serve(this.files.get(stored[1]));
    const file = this.files.get(path);
    if (file === undefined) return notFound('Not Found');
    if (file.redirect ?? true)
      return { status: 302, headers: { location: `${this.serverOrigin}/release-assets${path}` } };
    return this.serve(file);
  }

  private serve(file: McpbFileFixture | undefined): RouteResponse {
    if (file === undefined) return notFound('Not Found');
    const content = file.content ?? 'PK\u0003\u0004 fake mcpb bundle';
    return {
      status: file.status ?? 200,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(Buffer.byteLength(content)),
      },
      body: content,
    };
  }
}
