/**
 * The .dockerignore rules as Docker's pattern matcher applies them (moby/patternmatcher): patterns
 * in order, the last one that matches a path or one of its parent folders decides, `!` re-includes,
 * `*` and `?` stay within one path segment, `**` spans any number of them.
 */
export class DockerIgnore {
  private readonly patterns: ReadonlyArray<{ readonly regex: RegExp; readonly exclusion: boolean }>;

  constructor(text: string) {
    this.patterns = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const exclusion = line.startsWith('!');
        const pattern = clean(exclusion ? line.slice(1).trim() : line);
        return { regex: toRegex(pattern), exclusion };
      });
  }

  /** Whether a repository-relative file path stays out of the build context. */
  excludes(path: string): boolean {
    const file = clean(path);
    const parents = file.split('/').slice(0, -1);
    let matched = false;
    for (const pattern of this.patterns) {
      // An inclusion only matters once something excluded the path, and the reverse.
      if (pattern.exclusion !== matched) continue;
      let match = pattern.regex.test(file);
      for (let i = 1; !match && i <= parents.length; i++) {
        match = pattern.regex.test(parents.slice(0, i).join('/'));
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }
}

function clean(path: string): string {
  return path
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

function toRegex(pattern: string): RegExp {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '\\' && i + 1 < pattern.length) {
      out += escape(pattern[++i] as string);
    } else {
      out += escape(c);
    }
  }
  return new RegExp(`${out}$`);
}

function escape(c: string): string {
  return c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}
