export { PackageOwnershipVerifier, registryValidationError } from './package-ownership-verifier';
export type { PackageOwnershipFailure } from './package-ownership-verifier';
export {
  DEFAULT_PACKAGE_REGISTRY_OPTIONS,
  MCPB_ALLOWED_HOSTS,
  OFFICIAL_REGISTRY_URLS,
  OFFICIAL_TIMEOUTS,
} from './package-registry-options';
export type { PackageRegistryOptions } from './package-registry-options';
export { containsMcpNameToken } from './mcp-name-token';
export { isAllowedOciRegistry } from './oci-image-check';
