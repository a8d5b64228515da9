import { REGISTRY_BASE_URLS } from '@registry/domain/validation';
/**
 * The registryBaseUrl values the official registry accepts (pkg/model/constants.go): the domain's
 * table, which its offline package rules check against too. A package's own `registryBaseUrl`
 * field is checked against these, always, whatever we are configured to talk to.
 */
export const OFFICIAL_REGISTRY_URLS = REGISTRY_BASE_URLS;

/** The hosts MCPB files may live on (internal/validators/registries/mcpb.go). */
export const MCPB_ALLOWED_HOSTS: readonly string[] = [
  'github.com',
  'www.github.com',
  'gitlab.com',
  'www.gitlab.com',
];

/**
 * Where the verifier actually sends its requests. In production these are the public registries;
 * tests point them at loopback fakes. They never relax what a server.json may declare.
 */
export interface PackageRegistryOptions {
  /** Default 'https://registry.npmjs.org'. */
  npmBaseUrl: string;
  /** Default 'https://pypi.org'. */
  pypiBaseUrl: string;
  /** The NuGet V3 service index. Default 'https://api.nuget.org/v3/index.json'. */
  nugetBaseUrl: string;
  /** Default 'https://crates.io'. */
  cratesBaseUrl?: string;
  /** Default 'https://proxy.golang.org'. */
  goProxyBaseUrl?: string;
  /**
   * OCI registry host (as it appears in an image reference: 'docker.io', 'ghcr.io', ...) -> base URL
   * of its registry API. Unlisted hosts use `https://<host>` (Docker Hub: https://index.docker.io).
   */
  ociRegistryOverrides?: Record<string, string>;
  /**
   * OCI registry host -> credential, like MCP_REGISTRY_OCI_REGISTRY_AUTH ('user:secret', or a bare
   * token sent with the user name 'token'). Not in the official registry, which only reads
   * public images anonymously; with no entry for a host we behave exactly like it.
   */
  ociAuth?: Record<string, string>;
  /**
   * MCPB download host ('github.com', 'gitlab.com', ...) -> base URL the existence check is sent
   * to instead. The identifier is still judged against the official host rules first.
   */
  mcpbHostOverrides?: Record<string, string>;
  /** Official values by default: 10 s per request, 3 s for "does the package exist" probes, 30 s per OCI image. */
  timeouts?: { requestMs?: number; probeMs?: number; ociImageMs?: number };
  /** Clock for the one-hour NuGet service index cache. Default Date.now. */
  now?: () => number;
}

export const DEFAULT_PACKAGE_REGISTRY_OPTIONS: PackageRegistryOptions = {
  npmBaseUrl: OFFICIAL_REGISTRY_URLS.npm,
  pypiBaseUrl: OFFICIAL_REGISTRY_URLS.pypi,
  nugetBaseUrl: OFFICIAL_REGISTRY_URLS.nuget,
  cratesBaseUrl: OFFICIAL_REGISTRY_URLS.cargo,
  goProxyBaseUrl: OFFICIAL_REGISTRY_URLS.go,
};

export const OFFICIAL_TIMEOUTS = { requestMs: 10_000, probeMs: 3_000, ociImageMs: 30_000 } as const;

/** The User-Agent every official validator sends (crates.io gets a contact URL appended). */
export const VALIDATOR_USER_AGENT = 'MCP-Registry-Validator/1.0';
export const CARGO_USER_AGENT = 'MCP-Registry-Validator/1.0 (https://registry.modelcontextprotocol.io)';

/** Caps on what we buffer from a registry: the official README cap, and room for metadata documents. */
export const README_MAX_BYTES = 5 * 1024 * 1024;
export const METADATA_MAX_BYTES = 10 * 1024 * 1024;
