import { moduleOwnershipFailure } from '@registry/domain/validation/go-module-ownership';
import { baseUrlMismatch, goQuote } from './official-formatting';
import { PackageCheck, PackageFields } from './package-check';
import { OFFICIAL_REGISTRY_URLS, VALIDATOR_USER_AGENT } from './package-registry-options';
import { UpstreamClient } from './upstream-client';

export interface GoCheckSettings {
  baseUrl: string;
  requestMs: number;
}

/**
 * Go: a module path is its source location, so a server under `io.github.<owner>` must use a
 * module rooted at `github.com/<owner>/`, and the version must exist on the module proxy
 * (registries/go.go).
 */
export class GoModuleCheck implements PackageCheck {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly settings: GoCheckSettings,
  ) {}

  async check(pkg: PackageFields, serverName: string): Promise<string | undefined> {
    const declaredBase = pkg.registryBaseUrl || OFFICIAL_REGISTRY_URLS.go;
    if (pkg.identifier === '') {
      return 'package identifier (the module path, e.g. github.com/owner/repo) is required for Go packages';
    }
    if (pkg.version === '') return 'package version is required for Go packages';
    if (pkg.fileSha256 !== '') {
      return "go packages must not have 'fileSha256' field - this is only for MCPB packages";
    }
    if (declaredBase !== OFFICIAL_REGISTRY_URLS.go) {
      return baseUrlMismatch(declaredBase, 'go', OFFICIAL_REGISTRY_URLS.go);
    }
    return (
      moduleOwnershipFailure(pkg.identifier, serverName) ?? this.moduleExistence(pkg.identifier, pkg.version)
    );
  }

  private async moduleExistence(modulePath: string, version: string): Promise<string | undefined> {
    const module = escapeModulePath(modulePath);
    if (typeof module !== 'string') return `invalid Go module path '${modulePath}': ${module.error}`;
    const escapedVersion = escapeModulePath(version);
    if (typeof escapedVersion !== 'string')
      return `invalid Go module version '${version}': ${escapedVersion.error}`;

    const url = `${this.settings.baseUrl.replace(/\/+$/, '')}/${module}/@v/${escapedVersion}.info`;
    const outcome = await this.upstream.fetch(url, {
      headers: { 'User-Agent': VALIDATOR_USER_AGENT },
      timeoutMs: this.settings.requestMs,
    });
    if (outcome.failure) {
      return `failed to fetch module metadata from the Go module proxy: ${outcome.failure.message}`;
    }
    const { status } = outcome.response;
    if (status === 200) return undefined;
    if (status === 404 || status === 410) {
      return `go module '${modulePath}' version '${version}' was not found on the Go module proxy. If you published it recently, allow a few minutes for the proxy to fetch it`;
    }
    return `go module proxy returned unexpected status ${status} for '${modulePath}@${version}'`;
  }
}

/** The goproxy case-encoding (`A` -> `!a`), refusing `.`/`..` elements and control characters. */
export function escapeModulePath(value: string): string | { error: string } {
  if (value === '') return { error: 'empty path' };
  for (const segment of value.split('/')) {
    if (segment === '.' || segment === '..') return { error: `contains a ${goQuote(segment)} path element` };
  }
  let escaped = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char >= 'A' && char <= 'Z') escaped += '!' + char.toLowerCase();
    else if (code < 0x20 || code === 0x7f) return { error: 'contains a control character' };
    else escaped += char;
  }
  return escaped;
}
