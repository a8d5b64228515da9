import { baseUrlMismatch, jsonStringField, parseJson, pathSegmentEscape } from './official-formatting';
import { PackageCheck, PackageFields } from './package-check';
import { METADATA_MAX_BYTES, OFFICIAL_REGISTRY_URLS, VALIDATOR_USER_AGENT } from './package-registry-options';
import { probeExistence } from './registry-probe';
import { UpstreamClient } from './upstream-client';

export interface NpmCheckSettings {
  baseUrl: string;
  requestMs: number;
  probeMs: number;
}

/** npm: the version's package.json must carry `"mcpName": "<server name>"` (registries/npm.go). */
export class NpmPackageCheck implements PackageCheck {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly settings: NpmCheckSettings,
  ) {}

  async check(pkg: PackageFields, serverName: string): Promise<string | undefined> {
    const declaredBase = pkg.registryBaseUrl || OFFICIAL_REGISTRY_URLS.npm;
    if (pkg.identifier === '') return 'package identifier is required for NPM packages';
    // Without a version the registry returns every version and there is no single mcpName to compare.
    if (pkg.version === '') return 'package version is required for NPM packages';
    if (pkg.fileSha256 !== '') return "NPM packages must not have 'fileSha256' field";
    if (declaredBase !== OFFICIAL_REGISTRY_URLS.npm) {
      return baseUrlMismatch(declaredBase, 'npm', OFFICIAL_REGISTRY_URLS.npm);
    }

    const { baseUrl, requestMs } = this.settings;
    const url = `${baseUrl}/${pathSegmentEscape(pkg.identifier)}/${pathSegmentEscape(pkg.version)}`;
    const outcome = await this.upstream.fetch(url, {
      headers: { 'User-Agent': VALIDATOR_USER_AGENT, Accept: 'application/json' },
      timeoutMs: requestMs,
      maxBodyBytes: METADATA_MAX_BYTES,
    });
    if (outcome.failure) return `failed to fetch package metadata from NPM: ${outcome.failure.message}`;
    const { response } = outcome;
    if (response.status !== 200) return this.statusFailure(pkg, response.status);

    const parsed = parseJson(response.text());
    if ('error' in parsed) return `failed to parse NPM package metadata: ${parsed.error}`;
    const mcpName = jsonStringField(parsed.value, 'mcpName', 'registries.NPMPackageResponse');
    if (typeof mcpName !== 'string') return `failed to parse NPM package metadata: ${mcpName.error}`;

    if (mcpName === '') {
      return `NPM package '${pkg.identifier}' version '${pkg.version}' is missing required 'mcpName' field. Add this to your package.json: "mcpName": "${serverName}"`;
    }
    if (mcpName !== serverName) {
      return `NPM package '${pkg.identifier}' version '${pkg.version}' ownership validation failed. Expected mcpName '${serverName}', got '${mcpName}'`;
    }
    return undefined;
  }

  private async statusFailure(pkg: PackageFields, status: number): Promise<string> {
    const { identifier: id, version } = pkg;
    if (status === 429) {
      return `NPM rate-limited the metadata request for package '${id}' (status: 429). Likely transient, retry later`;
    }
    if (status >= 500 && status < 600) {
      return `NPM upstream error fetching metadata for package '${id}' (status: ${status}). Likely transient, retry later`;
    }
    if (status !== 404) return `NPM package '${id}' metadata fetch failed (status: ${status})`;

    // A 404 on the version may mean "package missing" or "version not visible yet": ask the package.
    const probe = await probeExistence(this.upstream, `${this.settings.baseUrl}/${pathSegmentEscape(id)}`, {
      timeoutMs: Math.min(this.settings.probeMs, this.settings.requestMs),
    });
    switch (probe) {
      case 'exists':
        return `NPM package '${id}' exists, but version '${version}' was not found (status: 404). A newly published release can take a moment to appear on the registry. Wait and retry, or publish version '${version}' before registering it`;
      case 'missing':
        return `NPM package '${id}' not found (status: 404)`;
      case 'transient':
        return `NPM could not confirm package '${id}' version '${version}' (version status: 404, package check inconclusive). Likely transient, retry later`;
      default:
        return `NPM package '${id}' version '${version}' not found (status: 404)`;
    }
  }
}
