import { Fields, pathOf, textOf } from './decoded-fields';
import { parseGoUrl } from './go-url';
import { isAllowedOciRegistry, parseOciReference } from './oci-reference';
import { ValidationIssue } from './validation-issue';

/**
 * The offline half of the official package-registry checks (internal/validators/registries): the
 * fields each registry type allows, its one accepted base URL, the OCI reference and registry
 * allowlist, and where an MCPB file may be hosted. The network half (does the package exist and
 * name this server?) belongs to the package-ownership adapters.
 *
 * Officially these run inside the publish service after the validator passed, and only when
 * EnableRegistryValidation is on: each registries.ValidateX makes its offline checks, then its
 * network call, package by package; the first failure stops the publish with HTTP 400 "Failed to
 * publish server" and the wrapped message. POST /v0/validate never reports them.
 *
 * A publish here leaves them to the package-ownership adapters (libs/package-registries), which
 * make the same offline checks before their request, under the same switch; this copy serves
 * publishIssues (classifying mirrored versions, auditing documents) without the network.
 */

export const PACKAGE_REGISTRY_REFERENCE = 'package-registry';

export const REGISTRY_BASE_URLS = {
  npm: 'https://registry.npmjs.org',
  pypi: 'https://pypi.org',
  nuget: 'https://api.nuget.org/v3/index.json',
  cargo: 'https://crates.io',
} as const;

export const REGISTRY_TYPES = ['npm', 'pypi', 'nuget', 'oci', 'mcpb', 'cargo'] as const;

type Check = (pkg: Fields) => string | undefined;

/** npm, PyPI, NuGet and Cargo share one shape: name, version, their own base URL, no file hash. */
function nameVersionRegistry(
  type: keyof typeof REGISTRY_BASE_URLS,
  label: string,
  hashMessage: string,
  versionAfterBaseUrl = false,
): Check {
  return (pkg) => {
    const baseUrl = textOf(pkg, 'registryBaseUrl') || REGISTRY_BASE_URLS[type];
    if (textOf(pkg, 'identifier') === '') return `package identifier is required for ${label} packages`;
    const missingVersion =
      textOf(pkg, 'version') === '' ? `package version is required for ${label} packages` : undefined;
    if (!versionAfterBaseUrl && missingVersion) return missingVersion;
    if (textOf(pkg, 'fileSha256') !== '') return hashMessage;
    if (baseUrl !== REGISTRY_BASE_URLS[type]) {
      return `registry type and base URL do not match: '${baseUrl}' is not valid for registry type '${type}'. Expected: ${REGISTRY_BASE_URLS[type]}`;
    }
    return missingVersion;
  };
}

const ONLY_MCPB = 'this is only for MCPB packages';

const checkOci: Check = (pkg) => {
  const identifier = textOf(pkg, 'identifier');
  if (identifier === '') return 'package identifier is required for OCI packages';
  if (textOf(pkg, 'registryBaseUrl') !== '') {
    return "OCI packages must not have 'registryBaseUrl' field - use canonical reference in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')";
  }
  if (textOf(pkg, 'version') !== '') {
    return "OCI packages must not have 'version' field - include version in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')";
  }
  if (textOf(pkg, 'fileSha256') !== '') return "OCI packages must not have 'fileSha256' field";
  const reference = parseOciReference(identifier);
  if (!reference.ok) return `invalid OCI reference: ${reference.error}`;
  if (!isAllowedOciRegistry(reference.registry)) return `unsupported OCI registry: ${reference.registry}`;
  return undefined;
};

const GITHUB_RELEASE_ASSET =
  /^\/([a-zA-Z0-9]([a-zA-Z0-9-]{0,37}[a-zA-Z0-9])?)\/([a-zA-Z0-9._-]+)\/releases\/download\/([^/]+)\/([^/]+)$/;
const GITLAB_RELEASE_ASSET =
  /^\/([a-zA-Z0-9._-]+(?:\/[a-zA-Z0-9._-]+)*)\/-\/releases\/([^/]+)\/downloads\/([^/]+)$/;
const GITLAB_PACKAGE_FILE =
  /^\/([a-zA-Z0-9._-]+(?:\/[a-zA-Z0-9._-]+)*)\/-\/package_files\/([0-9]+)\/download$/;

function checkMcpbLocation(identifier: string): string | undefined {
  const parsed = parseGoUrl(identifier);
  if (!parsed.ok) return `invalid MCPB package URL: ${parsed.error}`;
  const host = parsed.url.host.toLowerCase();
  const path = parsed.url.path;
  if (host === 'github.com' || host === 'www.github.com') {
    if (!GITHUB_RELEASE_ASSET.test(path)) {
      return "GitHub MCPB packages must be release assets following the pattern '/owner/repo/releases/download/tag/filename'";
    }
  } else if (host === 'gitlab.com' || host === 'www.gitlab.com') {
    if (!GITLAB_RELEASE_ASSET.test(path) && !GITLAB_PACKAGE_FILE.test(path)) {
      return "GitLab MCPB packages must be release assets following patterns '/owner/repo/-/releases/tag/downloads/filename' or '/owner/repo/-/package_files/id/download'";
    }
  } else {
    return `MCPB packages must be hosted on allowlisted providers (GitHub or GitLab). Host '${host}' is not allowed`;
  }
  if (parsed.url.scheme !== 'https') return `invalid MCPB package URL, must use HTTPS: ${identifier}`;
  if (!identifier.toLowerCase().includes('mcp')) return `MCPB package URL must contain 'mcp': ${identifier}`;
  return undefined;
}

const checkMcpb: Check = (pkg) => {
  if (textOf(pkg, 'fileSha256') === '') return 'must include a fileSha256 hash for integrity verification';
  const identifier = textOf(pkg, 'identifier');
  if (identifier === '') return 'package identifier is required for MCPB packages';
  if (textOf(pkg, 'registryBaseUrl') !== '') {
    return "MCPB packages must not have 'registryBaseUrl' field - use the full download URL in 'identifier' instead";
  }
  return checkMcpbLocation(identifier);
};

const CHECKS: Record<(typeof REGISTRY_TYPES)[number], Check> = {
  npm: nameVersionRegistry('npm', 'NPM', "NPM packages must not have 'fileSha256' field"),
  pypi: nameVersionRegistry('pypi', 'PyPI', `PyPI packages must not have 'fileSha256' field - ${ONLY_MCPB}`),
  nuget: nameVersionRegistry(
    'nuget',
    'NuGet',
    `NuGet packages must not have 'fileSha256' field - ${ONLY_MCPB}`,
    true,
  ),
  cargo: nameVersionRegistry(
    'cargo',
    'Cargo',
    `cargo packages must not have 'fileSha256' field - ${ONLY_MCPB}`,
  ),
  oci: checkOci,
  mcpb: checkMcpb,
};

/** The first offline package-registry failure of one package, or undefined. */
export function packageRegistryFailure(pkg: Fields): string | undefined {
  const type = textOf(pkg, 'registryType');
  const check = (CHECKS as Record<string, Check | undefined>)[type];
  return check === undefined ? `unsupported registry type: ${type}` : check(pkg);
}

export function checkPackageRegistries(packages: Fields[]): ValidationIssue[] {
  return packages.flatMap((pkg, i) => {
    const failure = packageRegistryFailure(pkg);
    if (failure === undefined) return [];
    return [
      {
        type: 'semantic' as const,
        path: pathOf('packages', i),
        message: `registry validation failed for package ${i} (${textOf(pkg, 'identifier')}): ${failure}`,
        severity: 'error' as const,
        reference: `${PACKAGE_REGISTRY_REFERENCE}:${textOf(pkg, 'registryType') || 'unknown'}`,
      },
    ];
  });
}
