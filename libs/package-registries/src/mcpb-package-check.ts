import { parseUrlAsOfficial } from './official-url-parser';
import { PackageCheck, PackageFields } from './package-check';
import { MCPB_ALLOWED_HOSTS, VALIDATOR_USER_AGENT } from './package-registry-options';
import { UpstreamClient } from './upstream-client';

export interface McpbCheckSettings {
  hostOverrides: Record<string, string>;
  requestMs: number;
}

// Owner: 1-39 characters, alphanumeric and inner hyphens; then repo, tag and file name.
const GITHUB_RELEASE_ASSET =
  /^\/([a-zA-Z0-9]([a-zA-Z0-9-]{0,37}[a-zA-Z0-9])?)\/([a-zA-Z0-9._-]+)\/releases\/download\/([^/]+)\/([^/]+)$/;
// Everything before "/-/" is the (possibly nested) project path.
const GITLAB_RELEASE_ASSET =
  /^\/([a-zA-Z0-9._-]+(?:\/[a-zA-Z0-9._-]+)*)\/-\/releases\/([^/]+)\/downloads\/([^/]+)$/;
const GITLAB_PACKAGE_FILE =
  /^\/([a-zA-Z0-9._-]+(?:\/[a-zA-Z0-9._-]+)*)\/-\/package_files\/([0-9]+)\/download$/;

/**
 * MCPB: there is no ownership marker; the file must be a GitHub or GitLab release asset whose URL
 * mentions "mcp", published over https and reachable, with a fileSha256 for clients to check
 * (the registry does not download the file to verify the hash). registries/mcpb.go.
 */
export class McpbPackageCheck implements PackageCheck {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly settings: McpbCheckSettings,
  ) {}

  async check(pkg: PackageFields): Promise<string | undefined> {
    if (pkg.fileSha256 === '') return 'must include a fileSha256 hash for integrity verification';
    if (pkg.identifier === '') return 'package identifier is required for MCPB packages';
    if (pkg.version !== '') {
      return "MCPB packages must not have 'version' field - version should be embedded in the download URL";
    }
    if (pkg.registryBaseUrl !== '') {
      return "MCPB packages must not have 'registryBaseUrl' field - use the full download URL in 'identifier' instead";
    }

    const hostRule = mcpbUrlFailure(pkg.identifier);
    if (hostRule !== undefined) return hostRule;
    const parsed = parseUrlAsOfficial(pkg.identifier);
    if ('error' in parsed) return `invalid MCPB package URL: ${parsed.error}`;
    if (parsed.scheme !== 'https') return `invalid MCPB package URL, must use HTTPS: ${pkg.identifier}`;
    if (!pkg.identifier.toLowerCase().includes('mcp')) {
      return `MCPB package URL must contain 'mcp': ${pkg.identifier}`;
    }

    const outcome = await this.upstream.fetch(this.downloadUrl(pkg.identifier), {
      method: 'HEAD',
      headers: { 'User-Agent': VALIDATOR_USER_AGENT },
      timeoutMs: this.settings.requestMs,
    });
    if (outcome.failure) return `failed to verify MCPB package accessibility: ${outcome.failure.message}`;
    if (outcome.response.status !== 200) {
      return `MCPB package '${pkg.identifier}' is not publicly accessible (status: ${outcome.response.status})`;
    }
    return undefined;
  }

  /** The identifier itself, or the same path on the configured stand-in for its host. */
  private downloadUrl(identifier: string): string {
    let url: URL;
    try {
      url = new URL(identifier);
    } catch {
      return identifier;
    }
    const host = url.host.toLowerCase();
    if (!Object.hasOwn(this.settings.hostOverrides, host)) return identifier;
    return `${this.settings.hostOverrides[host].replace(/\/+$/, '')}${url.pathname}${url.search}`;
  }
}

/** The host and path rules every MCPB download URL must satisfy (validateMCPBUrl). */
export function mcpbUrlFailure(identifier: string): string | undefined {
  const parsed = parseUrlAsOfficial(identifier);
  if ('error' in parsed) return `invalid MCPB package URL: ${parsed.error}`;
  const host = parsed.host.toLowerCase();
  if (!MCPB_ALLOWED_HOSTS.includes(host)) {
    return `MCPB packages must be hosted on allowlisted providers (GitHub or GitLab). Host '${host}' is not allowed`;
  }
  if (host === 'github.com' || host === 'www.github.com') {
    if (!GITHUB_RELEASE_ASSET.test(parsed.path)) {
      return "GitHub MCPB packages must be release assets following the pattern '/owner/repo/releases/download/tag/filename'";
    }
  } else if (!GITLAB_RELEASE_ASSET.test(parsed.path) && !GITLAB_PACKAGE_FILE.test(parsed.path)) {
    return "GitLab MCPB packages must be release assets following patterns '/owner/repo/-/releases/tag/downloads/filename' or '/owner/repo/-/package_files/id/download'";
  }
  return undefined;
}
