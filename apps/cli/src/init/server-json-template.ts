/**
 * The server.json `init` writes, guessed from the project in the current directory the way the official
 * `mcp-publisher init` guesses (cmd/publisher/commands/init.go): name, description, repository and
 * version from package.json, package type from the files present, placeholders for everything else.
 * Unlike the official tool it does not run git: the repository comes from package.json only.
 */
export const CURRENT_SCHEMA_URL =
  'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

export interface ProjectFacts {
  directoryName: string;
  packageJson?: Record<string, unknown>;
  /** `name = "..."` of pyproject.toml, when there is one. */
  pyprojectName?: string;
  hasPythonProject: boolean;
  hasDockerfile: boolean;
}

type PackageType = 'npm' | 'pypi' | 'oci';

export function serverJsonTemplate(facts: ProjectFacts): Record<string, unknown> {
  const pkg = facts.packageJson ?? {};
  const repositoryUrl = repositoryUrlOf(pkg.repository) ?? 'https://github.com/YOUR_USERNAME/YOUR_REPO';
  const name = serverNameOf(facts, repositoryUrl);
  const description =
    nonEmpty(pkg.description) ?? 'An MCP server that provides [describe what your server does]';
  const version = nonEmpty(pkg.version) ?? '1.0.0';
  const type: PackageType = facts.packageJson
    ? 'npm'
    : facts.hasPythonProject
      ? 'pypi'
      : facts.hasDockerfile
        ? 'oci'
        : 'npm';
  return {
    $schema: CURRENT_SCHEMA_URL,
    name,
    description,
    repository: { url: repositoryUrl, source: sourceOf(repositoryUrl) },
    version,
    packages: [packageOf(type, name, version, facts)],
  };
}

function serverNameOf(facts: ProjectFacts, repositoryUrl: string): string {
  const github = /^https:\/\/github\.com\/([^/]+)\/([^/]+)$/.exec(repositoryUrl);
  if (github && github[1] !== 'YOUR_USERNAME') return `io.github.${github[1]}/${github[2]}`;
  const npmName = nonEmpty(facts.packageJson?.name);
  if (npmName) {
    const scoped = /^@([^/]+)\/(.+)$/.exec(npmName);
    return scoped ? `io.github.${scoped[1]}/${scoped[2]}` : `io.github.<your-username>/${npmName}`;
  }
  return `com.example/${facts.directoryName}`;
}

function packageOf(
  type: PackageType,
  name: string,
  version: string,
  facts: ProjectFacts,
): Record<string, unknown> {
  const environmentVariables = [
    {
      name: 'YOUR_API_KEY',
      description: 'Your API key for the service',
      isRequired: true,
      isSecret: true,
      format: 'string',
    },
  ];
  const transport = { type: 'stdio' };
  if (type === 'pypi') {
    const identifier = facts.pyprojectName ?? 'your-package';
    return {
      registryType: 'pypi',
      registryBaseUrl: 'https://pypi.org',
      identifier,
      version,
      transport,
      environmentVariables,
    };
  }
  if (type === 'oci') {
    // Since schema 2025-12-11 an OCI package is one full image reference, version included.
    const image = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : 'your-image';
    return {
      registryType: 'oci',
      identifier: `docker.io/your-org/${image}:${version}`,
      transport,
      environmentVariables,
    };
  }
  const fromName = /^io\.github\.([^/<>]+)\/(.+)$/.exec(name);
  const identifier =
    nonEmpty(facts.packageJson?.name) ??
    (fromName ? `@${fromName[1]}/${fromName[2]}` : '@your-org/your-package');
  return {
    registryType: 'npm',
    registryBaseUrl: 'https://registry.npmjs.org',
    identifier,
    version,
    transport,
    environmentVariables,
  };
}

/** package.json `repository` (a string or `{url}`) as a browsable https URL. */
function repositoryUrlOf(repository: unknown): string | undefined {
  const raw =
    typeof repository === 'string'
      ? repository
      : typeof repository === 'object' && repository !== null
        ? nonEmpty((repository as { url?: unknown }).url)
        : undefined;
  if (!raw) return undefined;
  const shorthand = /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(raw);
  if (shorthand) return `https://github.com/${shorthand[1]}/${shorthand[2].replace(/\.git$/, '')}`;
  return raw
    .trim()
    .replace(/^git\+/, '')
    .replace(/^git@github\.com:/, 'https://github.com/')
    .replace(/^(git|ssh):\/\/(git@)?github\.com\//, 'https://github.com/')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
}

function sourceOf(url: string): string {
  if (url.includes('github.com')) return 'github';
  if (url.includes('gitlab.com')) return 'gitlab';
  return 'git';
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The `name = "..."` line of pyproject.toml, read as simply as the official tool reads it. */
export function pyprojectNameOf(toml: string): string | undefined {
  for (const line of toml.split('\n')) {
    const m = /^name\s*=\s*["']([^"']+)["']/.exec(line.trim());
    if (m) return m[1];
  }
  return undefined;
}
