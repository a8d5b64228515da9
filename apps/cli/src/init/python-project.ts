import { TomlError, parse } from 'smol-toml';

/** A TOML value as smol-toml reads it (strings, numbers, dates, arrays, tables). */
type TomlValue = unknown;
type TomlTable = Record<string, unknown>;

/** What `init` takes from pyproject.toml: PEP 621 `[project]`, else Poetry's `[tool.poetry]`. */
export interface PythonProject {
  name?: string;
  description?: string;
  version?: string;
  /** From `[project.urls]` (Repository, Source, Source Code, Code, GitHub, then a GitHub or GitLab Homepage). */
  repositoryUrl?: string;
}

/** `[project.urls]` labels that name the source repository, best first; compared without case or spaces. */
const REPOSITORY_LABELS = ['repository', 'source', 'sourcecode', 'code', 'github'];
const REPOSITORY_HOST = /^https?:\/\/(www\.)?(github\.com|gitlab\.com)\//;

/** The project's facts; a pyproject.toml that cannot be read gives none (init falls back to placeholders). */
export function pythonProjectOf(toml: string): PythonProject {
  let document: TomlTable;
  try {
    document = parse(toml);
  } catch (err) {
    if (err instanceof TomlError) return {};
    throw err;
  }
  const project = tableOf(document.project);
  const poetry = tableOf(tableOf(document.tool)?.poetry);
  const field = (key: string) => text(project?.[key]) ?? text(poetry?.[key]);
  return {
    name: field('name'),
    description: field('description'),
    version: field('version'),
    repositoryUrl:
      repositoryOf(tableOf(project?.urls)) ?? text(poetry?.repository) ?? hosted(poetry?.homepage),
  };
}

function repositoryOf(urls: TomlTable | undefined): string | undefined {
  if (urls === undefined) return undefined;
  const byLabel = new Map(
    Object.entries(urls).map(([label, url]) => [label.toLowerCase().replace(/[\s_-]+/g, ''), url]),
  );
  for (const label of REPOSITORY_LABELS) {
    const url = text(byLabel.get(label));
    if (url !== undefined && /^https?:\/\//.test(url)) return url;
  }
  return hosted(byLabel.get('homepage'));
}

/** A homepage is often a documentation site; it stands for the repository only on a code host. */
function hosted(value: TomlValue): string | undefined {
  const url = text(value);
  return url !== undefined && REPOSITORY_HOST.test(url) ? url : undefined;
}

function tableOf(value: TomlValue): TomlTable | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
    ? (value as TomlTable)
    : undefined;
}

function text(value: TomlValue): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
