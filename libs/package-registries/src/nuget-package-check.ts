import { containsMcpNameToken, mcpNameTokenGluedTrailing } from './mcp-name-token';
import { baseUrlMismatch, jsonField, parseJson, pathSegmentEscape } from './official-formatting';
import { PackageCheck, PackageFields } from './package-check';
import { OFFICIAL_REGISTRY_URLS, README_MAX_BYTES, VALIDATOR_USER_AGENT } from './package-registry-options';
import { RedirectPolicy, UpstreamClient } from './upstream-client';

export interface NugetCheckSettings {
  /** The V3 service index URL. */
  baseUrl: string;
  requestMs: number;
  now: () => number;
}

interface ServiceResource {
  id: string;
  type: string;
}

const SERVICE_INDEX_TTL_MS = 60 * 60 * 1000;
type Readme = 'valid' | 'invalid' | 'glued' | 'none';

/** NuGet: the embedded README of the version must contain `mcp-name: <server name>` (registries/nuget.go). */
export class NugetPackageCheck implements PackageCheck {
  private serviceIndex?: { resources: ServiceResource[]; expiresAt: number };
  private readonly redirectAllowed: RedirectPolicy;

  constructor(
    private readonly upstream: UpstreamClient,
    private readonly settings: NugetCheckSettings,
  ) {
    // Every hop stays on the host it started from; against the real registry also on https:443.
    const pinned = settings.baseUrl === OFFICIAL_REGISTRY_URLS.nuget;
    this.redirectAllowed = (target, origin) =>
      target.hostname === origin.hostname &&
      (!pinned || (target.protocol === origin.protocol && (target.port === '' || target.port === '443')));
  }

  async check(pkg: PackageFields, serverName: string): Promise<string | undefined> {
    const declaredBase = pkg.registryBaseUrl || OFFICIAL_REGISTRY_URLS.nuget;
    if (pkg.identifier === '') return 'package identifier is required for NuGet packages';
    if (pkg.fileSha256 !== '') {
      return "NuGet packages must not have 'fileSha256' field - this is only for MCPB packages";
    }
    if (declaredBase !== OFFICIAL_REGISTRY_URLS.nuget) {
      return baseUrlMismatch(declaredBase, 'nuget', OFFICIAL_REGISTRY_URLS.nuget);
    }
    if (pkg.version === '') return 'package version is required for NuGet packages';

    const index = await this.loadServiceIndex();
    if (typeof index === 'string') return index;

    const lowerId = pkg.identifier.toLowerCase();
    // Build metadata (+abc) is not part of the version NuGet stores.
    const lowerVersion = pkg.version.toLowerCase().split('+')[0];
    const { identifier: id, version } = pkg;

    const readme = await this.readReadme(index, lowerId, lowerVersion, serverName);
    switch (readme) {
      case 'valid':
        return undefined;
      case 'invalid':
        return `NuGet package '${id}' ownership validation for version ${version} failed. The server name '${serverName}' must appear as 'mcp-name: ${serverName}' in the package README. Add it to your README and publish a new package version`;
      case 'glued':
        return `NuGet package '${id}' ownership validation for version ${version} failed: found 'mcp-name: ${serverName}' in the README, but it is immediately followed by another character rather than a boundary. The token must be followed by a space, newline, an HTML tag, or a comment close ('-->') — put it on its own line and publish a new package version`;
      case 'none':
        break;
      default:
        return readme.error;
    }

    const existence = await this.packageExistence(index, lowerId, lowerVersion);
    switch (existence) {
      case 'id-missing':
        return `NuGet package '${id}' does not exist in the registry. If you recently published the package for the first time, wait for validation to complete`;
      case 'version-missing':
        return `NuGet package '${id}' exists but version ${version} does not exist in the registry. If you recently published the version, wait for validation to complete`;
      case 'exists':
        return `NuGet package '${id}' ownership validation for version ${version} failed because it does not have an embedded README. Add one to your package and publish a new version`;
      default:
        return existence.error;
    }
  }

  private async loadServiceIndex(): Promise<ServiceResource[] | string> {
    const now = this.settings.now();
    if (this.serviceIndex && now < this.serviceIndex.expiresAt) return this.serviceIndex.resources;
    const outcome = await this.upstream.fetch(this.settings.baseUrl, {
      headers: { 'User-Agent': VALIDATOR_USER_AGENT },
      timeoutMs: this.settings.requestMs,
      redirectAllowed: this.redirectAllowed,
    });
    if (outcome.failure) return `failed to fetch NuGet service index: ${outcome.failure.message}`;
    if (outcome.response.status !== 200)
      return `NuGet service index returned status ${outcome.response.status}`;
    const parsed = parseJson(outcome.response.text());
    if ('error' in parsed) return `failed to parse NuGet service index: ${parsed.error}`;
    const rawResources = jsonField(parsed.value, 'resources');
    const resources: ServiceResource[] = [];
    if (Array.isArray(rawResources)) {
      for (const entry of rawResources) {
        const id = jsonField(entry, '@id');
        const type = jsonField(entry, '@type');
        resources.push({ id: typeof id === 'string' ? id : '', type: typeof type === 'string' ? type : '' });
      }
    }
    this.serviceIndex = { resources, expiresAt: now + SERVICE_INDEX_TTL_MS };
    return resources;
  }

  private async readReadme(
    index: ServiceResource[],
    lowerId: string,
    lowerVersion: string,
    serverName: string,
  ): Promise<Readme | { error: string }> {
    const template = index.find((r) => r.type === 'ReadmeUriTemplate/6.13.0')?.id;
    if (template === undefined) {
      return {
        error: 'failed to get README URL template: ReadmeUriTemplate/6.13.0 not found in service index',
      };
    }
    // Escaped so an identifier cannot smuggle "/" or ".." into another package's README URL.
    const url = template
      .replaceAll('{lower_id}', pathSegmentEscape(lowerId))
      .replaceAll('{lower_version}', pathSegmentEscape(lowerVersion));
    const outcome = await this.upstream.fetch(url, {
      headers: { 'User-Agent': VALIDATOR_USER_AGENT },
      timeoutMs: this.settings.requestMs,
      maxBodyBytes: README_MAX_BYTES,
      redirectAllowed: this.redirectAllowed,
    });
    if (outcome.failure) return { error: `failed to fetch NuGet README: ${outcome.failure.message}` };
    const { status } = outcome.response;
    if (status === 404) return 'none';
    if (status !== 200) return { error: `NuGet README request returned status ${status}` };
    const content = outcome.response.text();
    if (containsMcpNameToken(content, serverName)) return 'valid';
    if (mcpNameTokenGluedTrailing(content, serverName) !== undefined) return 'glued';
    return 'invalid';
  }

  private async packageExistence(
    index: ServiceResource[],
    lowerId: string,
    lowerVersion: string,
  ): Promise<'exists' | 'version-missing' | 'id-missing' | { error: string }> {
    const base = index.find((r) => r.type === 'PackageBaseAddress/3.0.0')?.id;
    if (base === undefined) {
      return { error: 'failed to get Package Base URL: PackageBaseAddress/3.0.0 not found in service index' };
    }
    const url = `${base.replace(/\/+$/, '')}/${pathSegmentEscape(lowerId)}/index.json`;
    const outcome = await this.upstream.fetch(url, {
      headers: { 'User-Agent': VALIDATOR_USER_AGENT },
      timeoutMs: this.settings.requestMs,
      redirectAllowed: this.redirectAllowed,
    });
    if (outcome.failure) return { error: `failed to fetch NuGet package index: ${outcome.failure.message}` };
    const { status } = outcome.response;
    if (status === 404) return 'id-missing';
    if (status !== 200) return { error: `NuGet package index returned status ${status}` };
    const parsed = parseJson(outcome.response.text());
    if ('error' in parsed) return { error: `failed to parse NuGet package index: ${parsed.error}` };
    const versions = jsonField(parsed.value, 'versions');
    const listed = Array.isArray(versions) ? versions.filter((v): v is string => typeof v === 'string') : [];
    return listed.some((v) => v.toLowerCase() === lowerVersion) ? 'exists' : 'version-missing';
  }
}
