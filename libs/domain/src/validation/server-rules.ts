import { parseServerName } from '../naming';
import { isReservedVersion, isVersionRange, trimGoSpace } from '../versioning';
import { Fields, fieldsOf, listOf, pathOf, textOf } from './decoded-fields';
import { goQuote, parseGoUrl } from './go-url';
import { semanticError } from './semantic-issue';
import { ValidationIssue } from './validation-issue';

/** The top-level rules of the official publish validator (internal/validators/validators.go). */

export function checkServerName(name: string): ValidationIssue[] {
  const parsed = parseServerName(name);
  return parsed.ok ? [] : [semanticError('name', parsed.error.message, 'invalid-server-name')];
}

/** Applies to the server's version and to each package's version (an empty one passes). */
export function checkVersion(path: string, version: string): ValidationIssue[] {
  if (isReservedVersion(version)) {
    return [
      semanticError(
        path,
        "version string 'latest' is reserved and cannot be used",
        'reserved-version-string',
      ),
    ];
  }
  if (isVersionRange(version)) {
    return [
      semanticError(
        path,
        `version must be a specific version, not a range: ${goQuote(version)}`,
        'version-looks-like-range',
      ),
    ];
  }
  return [];
}

// GitLab allows nested groups (group/subgroup/repo); GitHub is exactly owner/repo.
const GITHUB_REPOSITORY = /^https?:\/\/(www\.)?github\.com\/[\w.-]+\/[\w.-]+\/?$/;
const GITLAB_REPOSITORY = /^https?:\/\/(www\.)?gitlab\.com\/[\w.-]+(\/[\w.-]+)+\/?$/;

export function isValidRepositoryUrl(source: string, url: string): boolean {
  if (source === 'github') return GITHUB_REPOSITORY.test(url);
  if (source === 'gitlab') return GITLAB_REPOSITORY.test(url);
  return false;
}

export function isValidSubfolderPath(path: string): boolean {
  if (path === '') return true;
  if (path.startsWith('/') || path.endsWith('/')) return false;
  if (!/^[a-zA-Z0-9\-_./]+$/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

export function checkRepository(repository: Fields | undefined): ValidationIssue[] {
  if (repository === undefined) return [];
  const url = textOf(repository, 'url');
  const source = textOf(repository, 'source');
  const subfolder = textOf(repository, 'subfolder');
  if (url === '' && source === '') return [];
  const issues: ValidationIssue[] = [];
  if (!isValidRepositoryUrl(source, url)) {
    issues.push(semanticError('repository.url', `invalid repository URL: ${url}`, 'invalid-repository-url'));
  }
  if (subfolder !== '' && !isValidSubfolderPath(subfolder)) {
    issues.push(
      semanticError('repository.subfolder', `invalid subfolder path: ${subfolder}`, 'invalid-subfolder-path'),
    );
  }
  return issues;
}

// Characters that url.Parse lets through but that break the link where clients render it.
const WEBSITE_URL_FORBIDDEN = /["'<> ]/;

export function checkWebsiteUrl(websiteUrl: string): ValidationIssue[] {
  if (websiteUrl === '') return [];
  const path = 'websiteUrl';
  const parsed = parseGoUrl(websiteUrl);
  if (!parsed.ok) return [semanticError(path, `invalid websiteUrl: ${parsed.error}`, 'invalid-website-url')];
  const issues: ValidationIssue[] = [];
  if (parsed.url.scheme === '') {
    issues.push(
      semanticError(
        path,
        `websiteUrl must be absolute (include scheme): ${websiteUrl}`,
        'website-url-must-be-absolute',
      ),
    );
  }
  if (parsed.url.scheme !== 'https') {
    issues.push(
      semanticError(path, `websiteUrl must use https scheme: ${websiteUrl}`, 'website-url-invalid-scheme'),
    );
  }
  const forbidden = WEBSITE_URL_FORBIDDEN.exec(websiteUrl);
  if (forbidden !== null) {
    issues.push(
      semanticError(
        path,
        `websiteUrl contains an invalid character ${goQuote(forbidden[0])}: ${websiteUrl}`,
        'website-url-invalid-character',
      ),
    );
  }
  return issues;
}

export function checkTitle(title: string): ValidationIssue[] {
  if (title === '' || trimGoSpace(title) !== '') return [];
  return [semanticError('title', 'title cannot be only whitespace', 'title-whitespace-only')];
}

export function checkIcons(icons: Fields[]): ValidationIssue[] {
  return icons.flatMap((icon, i) => {
    const path = pathOf(pathOf('icons', i), 'src');
    const src = textOf(icon, 'src');
    const parsed = parseGoUrl(src);
    if (!parsed.ok)
      return [semanticError(path, `invalid icon src URL: ${parsed.error}`, 'icon-src-invalid-url')];
    const issues: ValidationIssue[] = [];
    if (parsed.url.scheme === '') {
      issues.push(
        semanticError(
          path,
          `icon src must be an absolute URL (include scheme): ${src}`,
          'icon-src-not-absolute',
        ),
      );
    }
    if (parsed.url.scheme !== 'https') {
      issues.push(
        semanticError(
          path,
          `icon src must use https scheme (got ${parsed.url.scheme}): ${src}`,
          'icon-src-invalid-scheme',
        ),
      );
    }
    return issues;
  });
}

/** The server-level rules in the official order (before packages and remotes). */
export function checkServerFields(server: Fields): ValidationIssue[] {
  return [
    ...checkServerName(textOf(server, 'name')),
    ...checkVersion('version', textOf(server, 'version')),
    ...checkRepository(fieldsOf(server, 'repository')),
    ...checkWebsiteUrl(textOf(server, 'websiteUrl')),
    ...checkTitle(textOf(server, 'title')),
    ...checkIcons(listOf(server, 'icons')),
  ];
}
