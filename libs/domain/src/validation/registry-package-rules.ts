import { Fields, pathOf, textOf } from './decoded-fields';
import { parseGoUrl } from './go-url';
import { moduleOwnershipFailure } from './go-module-ownership';
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

/**
 * The one base URL each registry type with a base URL accepts (pkg/model/constants.go). The
 * package-ownership adapters use this table too (as OFFICIAL_REGISTRY_URLS).
 */
export const REGISTRY_BASE_URLS = {
  npm: 'https://registry.npmjs.org',
  pypi: 'https://pypi.org',
  nuget: 'https://api.nuget.org/v3/index.json',
  cargo: 'https://crates.io',
  go: 'https://proxy.golang.org',
} as const;

/**
 * The registry types a package may have: the keys of CHECKS below and of the package-ownership
 * adapters' table (libs/package-registries), both typed by RegistryType so neither can miss one.
 */
export const REGISTRY_TYPES = ['npm', 'pypi', 'nuget', 'oci', 'mcpb', 'cargo', 'go'] as const;
export type RegistryType = (typeof REGISTRY_TYPES)[number];

type Check = (pkg: Fields, serverName: string) => string | undefined;

/** npm, PyPI, NuGet, Cargo and Go share one shape: name, version, their own base URL, no file hash. */
function nameVersionRegistry(
  type: keyof typeof REGISTRY_BASE_URLS,
  label: string,
  hashMessage: string,
  {
    versionAfterBaseUrl = false,
    identifierMessage = `package identifier is required for ${label} packages`,
  } = {},
): (pkg: Fields) => string | undefined {
  return (pkg) => {
    const baseUrl = textOf(pkg, 'registryBaseUrl') || REGISTRY_BASE_URLS[type];
    if (textOf(pkg, 'identifier') === '') return identifierMessage;
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

const goModuleFields = nameVersionRegistry(
  'go',
  'Go',
  `go packages must not have 'fileSha256' field - ${ONLY_MCPB}`,
  {
    identifierMessage:
      'package identifier (the module path, e.g. github.com/owner/repo) is required for Go packages',
  },
);

/** Go (registries/go.go): the fields, then the module must belong to the io.github owner. */
const checkGo: Check = (pkg, serverName) =>
  goModuleFields(pkg) ?? moduleOwnershipFailure(textOf(pkg, 'identifier'), serverName);

const CHECKS: Record<RegistryType, Check> = {
  npm: nameVersionRegistry('npm', 'NPM', "NPM packages must not have 'fileSha256' field"),
  pypi: nameVersionRegistry('pypi', 'PyPI', `PyPI packages must not have 'fileSha256' field - ${ONLY_MCPB}`),
  nuget: nameVersionRegistry(
    'nuget',
    'NuGet',
    `NuGet packages must not have 'fileSha256' field - ${ONLY_MCPB}`,
    { versionAfterBaseUrl: true },
  ),
  cargo: nameVersionRegistry(
    'cargo',
    'Cargo',
    `cargo packages must not have 'fileSha256' field - ${ONLY_MCPB}`,
  ),
  oci: checkOci,
  mcpb: checkMcpb,
  go: checkGo,
};

/** The first offline package-registry failure of one package of the server `serverName`, or undefined. */
export function packageRegistryFailure(pkg: Fields, serverName: string): string | undefined {
  const type = textOf(pkg, 'registryType');
  const check = (CHECKS as Record<string, Check | undefined>)[type];
  return check === undefined ? `unsupported registry type: ${type}` : check(pkg, serverName);
}

export function checkPackageRegistries(packages: Fields[], serverName: string): ValidationIssue[] {
  return packages.flatMap((pkg, i) => {
    const failure = packageRegistryFailure(pkg, serverName);
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
