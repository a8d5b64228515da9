export type RegistryAction = 'publish' | 'edit';

/** One grant of a registry token: `resource` is a server-name pattern such as `io.github.user/*` or `*`. */
export interface Permission {
  action: RegistryAction;
  resource: string;
}

/** What a verified registry token says about its holder. */
export interface RegistryClaims {
  /** 'github-at' | 'github-oidc' | 'oidc' | 'dns' | 'http' | 'none' */
  authMethod: string;
  /** GitHub login, OIDC subject, proven domain, or 'anonymous'. */
  authMethodSubject: string;
  permissions: Permission[];
  issuedAt: Date;
  expiresAt: Date;
}

export const REGISTRY_ACTIONS: readonly RegistryAction[] = ['publish', 'edit'];

/**
 * The official matching rule: `*` matches everything, a trailing `*` is a plain prefix match
 * (so `com.example.*` covers `com.example.api/x` but `com.example/*` does not cover `com.example-other/x`),
 * anything else must be equal.
 */
export function resourceMatches(resource: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return resource.startsWith(pattern.slice(0, -1));
  return resource === pattern;
}

export function permissionsAllow(
  permissions: readonly Permission[],
  action: RegistryAction,
  serverName: string,
): boolean {
  return permissions.some((p) => p.action === action && resourceMatches(serverName, p.resource));
}

export function hasPermission(claims: RegistryClaims, action: RegistryAction, serverName: string): boolean {
  return permissionsAllow(claims.permissions, action, serverName);
}

/** The patterns granted for one action, in token order: what a 403 message names. */
export function permittedResources(claims: RegistryClaims, action: RegistryAction): string[] {
  return claims.permissions.filter((p) => p.action === action).map((p) => p.resource);
}

/** example.com -> com.example: the namespace a domain proof is about. */
export function reverseDomain(domain: string): string {
  return domain.split('.').reverse().join('.');
}

/**
 * A domain proof grants `com.example/*`; a DNS proof also grants every subdomain (`com.example.*`),
 * as DNS ownership implies the zone below it (like ACME DNS-01), an HTTP proof does not.
 */
export function domainPermissions(domain: string, includeSubdomains: boolean): Permission[] {
  const reversed = reverseDomain(domain);
  const permissions: Permission[] = [{ action: 'publish', resource: `${reversed}/*` }];
  if (includeSubdomains) permissions.push({ action: 'publish', resource: `${reversed}.*` });
  return permissions;
}

const GITHUB_NAME = /^[a-zA-Z0-9-]+$/;

/** GitHub logins and org names are checked before they become namespaces, so odd names grant nothing. */
export function isValidGitHubName(name: string): boolean {
  return GITHUB_NAME.test(name);
}

export function githubNamespacePermission(login: string): Permission {
  return { action: 'publish', resource: `io.github.${login}/*` };
}
