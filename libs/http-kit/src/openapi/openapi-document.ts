import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';

/** Our API document, relative to the repository root. */
export const DEFAULT_OPENAPI_PATH = 'docs/openapi.yaml';

export interface OpenApiDocument {
  /** Absolute path of the file it was read from. */
  readonly file: string;
  /** The file as written, served at /openapi.yaml. */
  readonly yaml: string;
  /** Serialised once, served at /openapi.json. */
  readonly json: string;
  readonly document: Readonly<Record<string, unknown>>;
}

/**
 * The nearest directory at or above `from` holding a package.json: the repository root both from
 * `libs/...` (ts-node, editors) and from a compiled `dist-*` tree, which has no package.json of its own.
 */
export function findRepoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json found at or above ${from}`);
    dir = parent;
  }
}

/** Reads and checks the OpenAPI document; meant to run once at start-up. */
export function loadOpenApiDocument(path: string = DEFAULT_OPENAPI_PATH): OpenApiDocument {
  const file = isAbsolute(path) ? path : join(findRepoRoot(), path);
  const yaml = readFileSync(file, 'utf8');
  const document: unknown = parse(yaml);
  if (!isRecord(document) || typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1.')) {
    throw new Error(`${file} is not an OpenAPI 3.1 document`);
  }
  return { file, yaml, json: JSON.stringify(document), document };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
