import { containsMcpNameToken, mcpNameTokenGluedTrailing } from './mcp-name-token';
import {
  baseUrlMismatch,
  goQuote,
  jsonField,
  jsonKind,
  jsonStringField,
  parseJson,
  pathSegmentEscape,
} from './official-formatting';
import { PackageCheck, PackageFields } from './package-check';
import { METADATA_MAX_BYTES, OFFICIAL_REGISTRY_URLS, VALIDATOR_USER_AGENT } from './package-registry-options';
import { probeExistence } from './registry-probe';
import { UpstreamClient } from './upstream-client';

export interface PypiCheckSettings {
  baseUrl: string;
  requestMs: number;
  probeMs: number;
}

/** PyPI: the version's description (its README) must contain `mcp-name: <server name>` (registries/pypi.go). */
export class PypiPackageCheck implements PackageCheck {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly settings: PypiCheckSettings,
  ) {}

  async check(pkg: PackageFields, serverName: string): Promise<string | undefined> {
    const declaredBase = pkg.registryBaseUrl || OFFICIAL_REGISTRY_URLS.pypi;
    if (pkg.identifier === '') return 'package identifier is required for PyPI packages';
    if (pkg.version === '') return 'package version is required for PyPI packages';
    if (pkg.fileSha256 !== '') {
      return "PyPI packages must not have 'fileSha256' field - this is only for MCPB packages";
    }
    if (declaredBase !== OFFICIAL_REGISTRY_URLS.pypi) {
      return baseUrlMismatch(declaredBase, 'pypi', OFFICIAL_REGISTRY_URLS.pypi);
    }

    const { baseUrl, requestMs } = this.settings;
    const id = pkg.identifier;
    const url = `${baseUrl}/pypi/${pathSegmentEscape(id)}/${pathSegmentEscape(pkg.version)}/json`;
    const outcome = await this.upstream.fetch(url, {
      headers: { 'User-Agent': VALIDATOR_USER_AGENT, Accept: 'application/json' },
      timeoutMs: requestMs,
      maxBodyBytes: METADATA_MAX_BYTES,
    });
    if (outcome.failure) return `failed to fetch package metadata from PyPI: ${outcome.failure.message}`;
    const { response } = outcome;
    if (response.status !== 200) return this.statusFailure(pkg, response.status);

    const description = readDescription(response.text());
    if (typeof description !== 'string') return `failed to parse PyPI package metadata: ${description.error}`;

    if (containsMcpNameToken(description, serverName)) return undefined;
    const trailing = mcpNameTokenGluedTrailing(description, serverName);
    if (trailing !== undefined) {
      return `PyPI package '${id}' ownership validation failed: found 'mcp-name: ${serverName}' in the README, but it is immediately followed by ${goQuote(trailing)} rather than a boundary. The token must be followed by a space, newline, an HTML tag, or a comment close ('-->') — put it on its own line and republish`;
    }
    return `PyPI package '${id}' ownership validation failed. The server name '${serverName}' must appear as 'mcp-name: ${serverName}' in the package README`;
  }

  private async statusFailure(pkg: PackageFields, status: number): Promise<string> {
    const { identifier: id, version } = pkg;
    if (status === 429) {
      return `PyPI rate-limited the metadata request for package '${id}' (status: 429). Likely transient, retry later`;
    }
    if (status >= 500 && status < 600) {
      return `PyPI upstream error fetching metadata for package '${id}' (status: ${status}). Likely transient, retry later`;
    }
    if (status !== 404) return `PyPI package '${id}' metadata fetch failed (status: ${status})`;

    const probeUrl = `${this.settings.baseUrl}/pypi/${pathSegmentEscape(id)}/json`;
    const probe = await probeExistence(this.upstream, probeUrl, {
      timeoutMs: Math.min(this.settings.probeMs, this.settings.requestMs),
    });
    switch (probe) {
      case 'exists':
        return `PyPI package '${id}' exists, but version '${version}' was not found (status: 404). A newly published release can take a moment to appear on PyPI. Wait and retry, or publish version '${version}' before registering it`;
      case 'missing':
        return `PyPI package '${id}' not found (status: 404)`;
      case 'transient':
        return `PyPI could not confirm package '${id}' version '${version}' (version status: 404, package check inconclusive). Likely transient, retry later`;
      default:
        return `PyPI package '${id}' version '${version}' not found (status: 404)`;
    }
  }
}

/** `info.description` decoded as Go decodes it into PyPIPackageResponse. */
function readDescription(body: string): string | { error: string } {
  const parsed = parseJson(body);
  if ('error' in parsed) return parsed;
  const document = parsed.value;
  if (document !== null && (typeof document !== 'object' || Array.isArray(document))) {
    return {
      error: `json: cannot unmarshal ${jsonKind(document)} into Go value of type registries.PyPIPackageResponse`,
    };
  }
  const info = jsonField(document, 'info');
  if (info !== undefined && info !== null && (typeof info !== 'object' || Array.isArray(info))) {
    return {
      error: `json: cannot unmarshal ${jsonKind(info)} into Go struct field PyPIPackageResponse.info of type struct { Description string "json:\\"description\\"" }`,
    };
  }
  return jsonStringField(info ?? null, 'description', 'registries.PyPIPackageResponse', 'info.');
}
