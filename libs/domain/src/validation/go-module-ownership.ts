const GITHUB_NAMESPACE_PREFIX = 'io.github.';
const GITHUB_MODULE_PREFIX = 'github.com/';

/**
 * A Go module path is its source location, and the publisher already proved the io.github.<owner>
 * namespace, so the module must be rooted at github.com/<owner>/ (registries/go.go). Offline: both
 * the publish-time Go adapter and the offline package rules ask this.
 */
export function moduleOwnershipFailure(modulePath: string, serverName: string): string | undefined {
  const slash = serverName.indexOf('/');
  const namespace = slash < 0 ? serverName : serverName.slice(0, slash);
  if (slash < 0 || !namespace.startsWith(GITHUB_NAMESPACE_PREFIX)) {
    return `go packages are currently only supported for 'io.github.*' server namespaces; '${serverName}' is not supported`;
  }
  // GitHub owners are case-insensitive.
  const owner = namespace.slice(GITHUB_NAMESPACE_PREFIX.length).toLowerCase();
  const lowerModule = modulePath.toLowerCase();
  if (!lowerModule.startsWith(GITHUB_MODULE_PREFIX)) {
    return `go module path '${modulePath}' must be hosted on github.com to be published under '${namespace}'`;
  }
  const moduleOwner = lowerModule.slice(GITHUB_MODULE_PREFIX.length).split('/')[0];
  if (moduleOwner === '') return `go module path '${modulePath}' is missing an owner segment`;
  if (moduleOwner !== owner) {
    return `go module ownership validation failed: server '${serverName}' is owned by GitHub user '${owner}', but module path '${modulePath}' belongs to '${moduleOwner}'`;
  }
  return undefined;
}
