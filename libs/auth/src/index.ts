export { AUTH_OPTIONS } from './auth-options';
export type { AuthOptions } from './auth-options';
export { AuthModule } from './auth.module';
export type { Permission, RegistryAction, RegistryClaims } from './permissions/registry-permission';
export {
  REGISTRY_ACTIONS,
  domainPermissions,
  hasPermission,
  permissionsAllow,
  permittedResources,
  resourceMatches,
  reverseDomain,
} from './permissions/registry-permission';
export {
  REGISTRY_TOKEN_ISSUER,
  REGISTRY_TOKEN_LIFETIME_MS,
  RegistryTokenError,
  RegistryTokenService,
} from './token/registry-token.service';
export type { RegistryTokenGrant, RegistryTokenResponse } from './token/registry-token.service';
export {
  MISSING_AUTHORIZATION,
  RegistryClaimsParam,
  RegistryTokenGuard,
  authorizationHeaderOf,
  bearerClaims,
  registryClaimsOf,
} from './http/registry-token.guard';
export type { RegistryTokenRequest } from './http/registry-token.guard';
export { ANONYMOUS_NAMESPACE } from './login/anonymous-login';
export { HTTP_PROOF_PATH } from './login/http-login';
export type { ProofKeyAlgorithm } from './proof/proof-key';
export {
  generateProofKeyPair,
  proofKeyPairFromHex,
  proofRecord,
  proofTimestamp,
  publishedPublicKey,
  signProofTimestamp,
} from './proof/proof-signer';
export type { ProofKeyPair } from './proof/proof-signer';
