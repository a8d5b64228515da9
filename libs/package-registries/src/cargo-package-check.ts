import { containsMcpNameToken, mcpNameTokenGluedTrailing } from './mcp-name-token';
import {
  baseUrlMismatch,
  goQuote,
  jsonStringField,
  parseJson,
  pathSegmentEscape,
} from './official-formatting';
import { PackageCheck, PackageFields } from './package-check';
import { CARGO_USER_AGENT, OFFICIAL_REGISTRY_URLS, README_MAX_BYTES } from './package-registry-options';
import { probeExistence } from './registry-probe';
import { redacted, UpstreamClient } from './upstream-client';

export interface CargoCheckSettings {
  baseUrl: string;
  requestMs: number;
}

/** Where crates.io serves rendered READMEs from. */
const CRATES_STATIC_HOST = 'static.crates.io';

/**
 * Cargo: the rendered README of the crate version must contain `mcp-name: <server name>`
 * (registries/cargo.go). crates.io answers the documented readme endpoint with a pointer to its
 * CDN; the pointer and every redirect must stay on crates.io's own hosts.
 */
export class CargoPackageCheck implements PackageCheck {
  private readonly allowedHosts: Set<string>;
  private readonly pinned: boolean;

  constructor(
    private readonly upstream: UpstreamClient,
    private readonly settings: CargoCheckSettings,
  ) {
    this.pinned = settings.baseUrl === OFFICIAL_REGISTRY_URLS.cargo;
    this.allowedHosts = new Set([new URL(settings.baseUrl).hostname]);
    if (this.pinned) this.allowedHosts.add(CRATES_STATIC_HOST);
  }

  async check(pkg: PackageFields, serverName: string): Promise<string | undefined> {
    const declaredBase = pkg.registryBaseUrl || OFFICIAL_REGISTRY_URLS.cargo;
    if (pkg.identifier === '') return 'package identifier is required for Cargo packages';
    if (pkg.version === '') return 'package version is required for Cargo packages';
    if (pkg.fileSha256 !== '') {
      return "cargo packages must not have 'fileSha256' field - this is only for MCPB packages";
    }
    if (declaredBase !== OFFICIAL_REGISTRY_URLS.cargo) {
      return baseUrlMismatch(declaredBase, 'cargo', OFFICIAL_REGISTRY_URLS.cargo);
    }
    return this.checkReadme(pkg, serverName);
  }

  private urlAllowed = (url: URL): boolean => {
    if (!this.allowedHosts.has(url.hostname)) return false;
    return !this.pinned || (url.protocol === 'https:' && (url.port === '' || url.port === '443'));
  };

  private async checkReadme(pkg: PackageFields, serverName: string): Promise<string | undefined> {
    const { identifier: id, version } = pkg;
    const crateVersionPath = `${this.settings.baseUrl}/api/v1/crates/${pathSegmentEscape(id)}/${pathSegmentEscape(version)}`;
    const meta = await this.upstream.fetch(`${crateVersionPath}/readme`, {
      headers: { 'User-Agent': CARGO_USER_AGENT, Accept: 'application/json' },
      timeoutMs: this.settings.requestMs,
      redirectAllowed: (target) => this.urlAllowed(target),
    });
    if (meta.failure) return `failed to fetch package metadata from crates.io: ${meta.failure.message}`;
    const metaStatus = meta.response.status;
    if (metaStatus === 429) {
      return `crates.io rate-limited the metadata request for cargo package '${id}' (status: 429) — likely transient, retry later`;
    }
    if (metaStatus >= 500 && metaStatus < 600) {
      return `crates.io upstream error fetching metadata for cargo package '${id}' (status: ${metaStatus}) — likely transient, retry later`;
    }
    if (metaStatus !== 200) return `cargo package '${id}' metadata fetch failed (status: ${metaStatus})`;

    const parsed = parseJson(meta.response.text());
    if ('error' in parsed) return `failed to parse crates.io readme metadata: ${parsed.error}`;
    const pointer = jsonStringField(parsed.value, 'url', 'registries.CargoReadmeMetaResponse');
    if (typeof pointer !== 'string') return `failed to parse crates.io readme metadata: ${pointer.error}`;
    if (pointer === '') return `cargo package '${id}' metadata response missing 'url' field`;

    let readmeUrl: URL;
    try {
      readmeUrl = new URL(pointer);
    } catch {
      return `cargo package '${id}': crates.io returned an unparseable README URL`;
    }
    if (readmeUrl.hostname === '')
      return `cargo package '${id}': crates.io returned an unparseable README URL`;
    if (!this.urlAllowed(readmeUrl)) {
      return `cargo package '${id}': crates.io returned a README URL on an unexpected host/scheme ${goQuote(redacted(readmeUrl))} — refusing to fetch`;
    }

    const readme = await this.upstream.fetch(pointer, {
      headers: { 'User-Agent': CARGO_USER_AGENT, Accept: 'text/html' },
      timeoutMs: this.settings.requestMs,
      maxBodyBytes: README_MAX_BYTES,
      redirectAllowed: (target) => this.urlAllowed(target),
    });
    if (readme.failure) return `failed to fetch rendered README from crates.io: ${readme.failure.message}`;
    const status = readme.response.status;
    if (status !== 200) return this.readmeStatusFailure(pkg, serverName, status, crateVersionPath);

    const body = readme.response.text();
    if (containsMcpNameToken(body, serverName)) return undefined;
    const trailing = mcpNameTokenGluedTrailing(body, serverName);
    if (trailing !== undefined) {
      return `cargo package '${id}' version '${version}' ownership validation failed: found 'mcp-name: ${serverName}' in the README, but it is immediately followed by ${goQuote(trailing)} rather than a boundary. The token must be followed by a space, newline, or an HTML tag — put it on its own line and publish a new version`;
    }
    return `cargo package '${id}' version '${version}' ownership validation failed. The server name '${serverName}' must appear as 'mcp-name: ${serverName}' in the package README`;
  }

  private async readmeStatusFailure(
    pkg: PackageFields,
    serverName: string,
    status: number,
    crateVersionUrl: string,
  ): Promise<string> {
    const { identifier: id, version } = pkg;
    if (status === 429) {
      return `crates.io rate-limited the README fetch for cargo package '${id}' version '${version}' (status: 429) — likely transient, retry later`;
    }
    if (status >= 500 && status < 600) {
      return `crates.io upstream error fetching README for cargo package '${id}' version '${version}' (status: ${status}) — likely transient, retry later`;
    }
    if (status !== 403) {
      return `cargo package '${id}' version '${version}' README fetch failed (status: ${status})`;
    }
    // The CDN answers 403 both for a missing crate/version and for a crate without a README.
    const probe = await probeExistence(this.upstream, crateVersionUrl, {
      method: 'GET',
      headers: { 'User-Agent': CARGO_USER_AGENT, Accept: 'application/json' },
      timeoutMs: this.settings.requestMs,
      redirectAllowed: (target) => this.urlAllowed(target),
    });
    switch (probe) {
      case 'exists':
        return `cargo package '${id}' version '${version}' exists on crates.io, but its rendered README could not be retrieved (status: 403). If it has no README, add one containing 'mcp-name: ${serverName}' and publish a new version`;
      case 'missing':
        return `cargo package '${id}' version '${version}' not found on crates.io`;
      case 'transient':
        return `crates.io could not confirm cargo package '${id}' version '${version}' (README status: 403, version check inconclusive) — likely transient, retry later`;
      default:
        return `cargo package '${id}' version '${version}' not found on crates.io (status: 403)`;
    }
  }
}
