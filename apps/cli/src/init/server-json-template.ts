import { PythonProject } from './python-project';

/**
 * The server.json `init` writes, guessed from the project folder the way the official
 * `mcp-publisher init` guesses (cmd/publisher/commands/init.go): name, description, repository and
 * version from package.json (or pyproject.toml), package type from the files present, placeholders for
 * everything else. Where it differs, on purpose:
 * - it does not run git: the repository comes from package.json `repository` (its `directory` is the
 *   monorepo subfolder) or pyproject.toml `[project.urls]`;
 * - package.json `mcpName`, the name npm ownership is proven with, is the server name when present;
 * - the version is the project's, not always 1.0.0;
 * - pyproject.toml is read as TOML, `[project]` then Poetry's `[tool.poetry]`.
 */
export const CURRENT_SCHEMA_URL =
  'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

export const PLACEHOLDER_REPOSITORY = 'https://github.com/YOUR_USERNAME/YOUR_REPO';

export interface ProjectFacts {
  directoryName: string;
  packageJson?: Record<string, unknown>;
  /** pyproject.toml, when there is one. */
  pythonProject?: PythonProject;
  hasPythonProject: boolean;
  hasDockerfile: boolean;
}

export type PackageType = 'npm' | 'pypi' | 'oci';

export function packageTypeOf(facts: ProjectFacts): PackageType {
  if (facts.packageJson) return 'npm';
  if (facts.hasPythonProject) return 'pypi';
  return facts.hasDockerfile ? 'oci' : 'npm';
}

export function serverJsonTemplate(facts: ProjectFacts): Record<string, unknown> {
  const pkg = facts.packageJson ?? {};
  const python = facts.pythonProject ?? {};
  const repositoryUrl =
    repositoryUrlOf(pkg.repository) ?? normalisedUrl(python.repositoryUrl) ?? PLACEHOLDER_REPOSITORY;
  const subfolder = subfolderOf(pkg.repository);
  const name = serverNameOf(facts, repositoryUrl, subfolder);
  const description =
    nonEmpty(pkg.description) ??
    nonEmpty(python.description) ??
    'An MCP server that provides [describe what your server does]';
  const version = nonEmpty(pkg.version) ?? nonEmpty(python.version) ?? '1.0.0';
  const repository: Record<string, string> = { url: repositoryUrl, source: sourceOf(repositoryUrl) };
  if (subfolder !== undefined) repository.subfolder = subfolder;
  return {
    $schema: CURRENT_SCHEMA_URL,
    name,
    description,
    repository,
    version,
    packages: [packageOf(packageTypeOf(facts), name, version, facts)],
  };
}

function serverNameOf(facts: ProjectFacts, repositoryUrl: string, subfolder: string | undefined): string {
  const mcpName = nonEmpty(facts.packageJson?.mcpName);
  if (mcpName) return mcpName;
  const github = /^https:\/\/github\.com\/([^/]+)\/([^/]+)$/.exec(repositoryUrl);
  if (github && repositoryUrl !== PLACEHOLDER_REPOSITORY) {
    // In a monorepo the server is named after its folder, as the official publisher names it.
    const last = subfolder?.split('/').pop();
    return `io.github.${github[1]}/${last || github[2]}`;
  }
  const projectName = nonEmpty(facts.packageJson?.name) ?? nonEmpty(facts.pythonProject?.name);
  if (projectName) {
    const scoped = /^@([^/]+)\/(.+)$/.exec(projectName);
    return scoped ? `io.github.${scoped[1]}/${scoped[2]}` : `io.github.<your-username>/${projectName}`;
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
    return {
      registryType: 'pypi',
      registryBaseUrl: 'https://pypi.org',
      identifier: nonEmpty(facts.pythonProject?.name) ?? 'your-package',
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
  return normalisedUrl(raw);
}

function normalisedUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  return raw
    .trim()
    .replace(/^git\+/, '')
    .replace(/^git@github\.com:/, 'https://github.com/')
    .replace(/^(git|ssh):\/\/(git@)?github\.com\//, 'https://github.com/')
    .replace(/^http:\/\/(www\.)?github\.com\//, 'https://github.com/')
    .replace(/^https:\/\/www\.github\.com\//, 'https://github.com/')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/** package.json `repository.directory`: where the package lives in a monorepo. */
function subfolderOf(repository: unknown): string | undefined {
  if (typeof repository !== 'object' || repository === null) return undefined;
  const directory = nonEmpty((repository as { directory?: unknown }).directory);
  const clean = directory?.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  return clean ? clean : undefined;
}

function sourceOf(url: string): string {
  if (url.includes('github.com')) return 'github';
  if (url.includes('gitlab.com')) return 'gitlab';
  return 'git';
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
