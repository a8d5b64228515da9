import { createHash } from 'node:crypto';
import { FakeRegistryServer, json, RouteRequest, RouteResponse } from './fake-registry-server';

export interface OciImageFixture {
  /** Config labels; null publishes a config without any Labels. */
  labels?: Record<string, string> | null;
  /** Publish an image index with one image per platform instead of a single image. */
  platforms?: Array<{ os: string; architecture: string }>;
  /** Pulling needs credentials accepted by `acceptCredential`. */
  private?: boolean;
}

export interface PublishedOciImage {
  manifestDigest: string;
  configDigest: string;
  indexDigest?: string;
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const SERVICE = 'fake-oci.test';

function digestOf(bytes: Buffer): string {
  return 'sha256:' + createHash('sha256').update(bytes).digest('hex');
}

interface Repository {
  private: boolean;
  tags: Map<string, string>;
  manifests: Map<string, { mediaType: string; bytes: Buffer }>;
}

/**
 * An OCI distribution registry (API v2) with Docker Hub's token flow: `/v2/` answers 401 with a
 * Bearer challenge, `/token` hands out pull tokens per repository (private repositories need Basic
 * credentials), manifests need the token, and blobs redirect to an unauthenticated "CDN" on another
 * host name (localhost instead of 127.0.0.1).
 */
export class FakeOciRegistry extends FakeRegistryServer {
  /** 'anonymous' serves everything without a challenge, like a registry with open reads. */
  authMode: 'bearer' | 'anonymous' = 'bearer';
  private readonly repositories = new Map<string, Repository>();
  private readonly blobs = new Map<string, Buffer>();
  private readonly credentials = new Set<string>();

  /** Accepts `user:secret` (Basic) at the token endpoint for private repositories. */
  acceptCredential(userColonSecret: string): this {
    this.credentials.add(userColonSecret);
    return this;
  }

  addOciImage(repository: string, tag: string, fixture: OciImageFixture = {}): PublishedOciImage {
    const repo = this.repositories.get(repository) ?? {
      private: false,
      tags: new Map(),
      manifests: new Map(),
    };
    repo.private = fixture.private ?? repo.private;
    this.repositories.set(repository, repo);
    const labels = fixture.labels === undefined ? {} : fixture.labels;
    const platforms = fixture.platforms ?? [{ os: 'linux', architecture: 'amd64' }];
    const images = platforms.map((platform) => this.storeImage(repo, platform, labels));
    if (fixture.platforms === undefined) {
      repo.tags.set(tag, images[0].manifestDigest);
      return images[0];
    }
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: images.map((image, i) => ({
          mediaType: OCI_MANIFEST,
          digest: image.manifestDigest,
          size: repo.manifests.get(image.manifestDigest)?.bytes.length,
          platform: platforms[i],
        })),
      }),
    );
    const indexDigest = digestOf(index);
    repo.manifests.set(indexDigest, { mediaType: OCI_INDEX, bytes: index });
    repo.tags.set(tag, indexDigest);
    const amd64 = platforms.findIndex((p) => p.os === 'linux' && p.architecture === 'amd64');
    return { ...images[Math.max(amd64, 0)], indexDigest };
  }

  /** Serves different bytes for a blob than its digest promises. */
  tamperBlob(digest: string, bytes: string): this {
    this.blobs.set(digest, Buffer.from(bytes));
    return this;
  }

  private storeImage(
    repo: Repository,
    platform: { os: string; architecture: string },
    labels: Record<string, string> | null,
  ): PublishedOciImage {
    const config = Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        os: platform.os,
        config: labels === null ? { Env: ['PATH=/usr/bin'] } : { Env: ['PATH=/usr/bin'], Labels: labels },
        rootfs: { type: 'layers', diff_ids: [] },
      }),
    );
    const configDigest = digestOf(config);
    this.blobs.set(configDigest, config);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: configDigest,
          size: config.length,
        },
        layers: [],
      }),
    );
    const manifestDigest = digestOf(manifest);
    repo.manifests.set(manifestDigest, { mediaType: OCI_MANIFEST, bytes: manifest });
    return { manifestDigest, configDigest };
  }

  protected route({ method, path, url, headers }: RouteRequest): RouteResponse {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405 };
    if (path === '/v2/' || path === '/v2') {
      return this.authMode === 'anonymous' ? json(200, {}) : this.challenge();
    }
    if (path === '/token') return this.issueToken(url, headers.authorization);
    const cdn = /^\/cdn\/blobs\/(sha256:[a-f0-9]+)$/.exec(path);
    if (cdn) {
      const blob = this.blobs.get(cdn[1]);
      return blob
        ? { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: blob }
        : errors(404, 'BLOB_UNKNOWN');
    }
    const api = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(path);
    if (!api) return errors(404, 'NOT_FOUND');
    const [, name, kind, reference] = api;
    const repo = this.repositories.get(name);
    if (this.authMode === 'bearer' && !this.authorized(name, repo, headers.authorization))
      return this.challenge(name);
    if (!repo) return errors(404, 'NAME_UNKNOWN', 'repository name not known to registry');
    if (kind === 'blobs') {
      if (!this.blobs.has(reference)) return errors(404, 'BLOB_UNKNOWN');
      // Another host name for the same server, as a real registry hands blobs to its CDN.
      const cdn = this.serverOrigin.replace('127.0.0.1', 'localhost');
      return { status: 307, headers: { location: `${cdn}/cdn/blobs/${reference}` } };
    }
    const digest = repo.tags.get(reference) ?? (repo.manifests.has(reference) ? reference : undefined);
    const manifest = digest === undefined ? undefined : repo.manifests.get(digest);
    if (digest === undefined || manifest === undefined)
      return errors(404, 'MANIFEST_UNKNOWN', 'manifest unknown');
    return {
      status: 200,
      headers: { 'content-type': manifest.mediaType, 'docker-content-digest': digest },
      body: manifest.bytes,
    };
  }

  private challenge(repository?: string): RouteResponse {
    const scope = repository === undefined ? '' : `,scope="repository:${repository}:pull"`;
    return {
      ...errors(401, 'UNAUTHORIZED', 'authentication required'),
      headers: {
        'content-type': 'application/json',
        'www-authenticate': `Bearer realm="${this.serverOrigin}/token",service="${SERVICE}"${scope}`,
      },
    };
  }

  private issueToken(url: URL, authorization: string | undefined): RouteResponse {
    const scope = /^repository:(.+):pull$/.exec(url.searchParams.get('scope') ?? '');
    if (url.searchParams.get('service') !== SERVICE || !scope) return errors(400, 'INVALID_REQUEST');
    const authed = authorization?.startsWith('Basic ')
      ? this.credentials.has(Buffer.from(authorization.slice(6), 'base64').toString('utf8'))
      : false;
    if (authorization !== undefined && !authed)
      return errors(401, 'UNAUTHORIZED', 'incorrect username or password');
    const token = Buffer.from(JSON.stringify({ repository: scope[1], authed })).toString('base64url');
    return json(200, { token, access_token: token, expires_in: 300 });
  }

  private authorized(name: string, repo: Repository | undefined, authorization: string | undefined): boolean {
    if (!authorization?.startsWith('Bearer ')) return false;
    try {
      const grant = JSON.parse(Buffer.from(authorization.slice(7), 'base64url').toString('utf8')) as {
        repository?: string;
        authed?: boolean;
      };
      return grant.repository === name && (!repo?.private || grant.authed === true);
    } catch {
      return false;
    }
  }
}

function errors(
  status: number,
  code: string,
  message = code.toLowerCase().replace(/_/g, ' '),
): RouteResponse {
  return json(status, { errors: [{ code, message, detail: null }] });
}
