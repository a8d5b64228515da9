import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '@test/support/repo-paths';

/** A YAML mapping, keys as written. */
export type YamlMap = Record<string, unknown>;

export const ROOT = repoRoot();

export function readRepoText(relativePath: string): string {
  return readFileSync(join(ROOT, relativePath), 'utf8');
}

/** The `.yaml` files directly in a repository folder, as repository-relative paths, sorted. */
export function yamlFilesIn(relativeDir: string): string[] {
  return readdirSync(join(ROOT, relativeDir))
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => `${relativeDir}/${name}`);
}

/**
 * Every document of a YAML file. Duplicate keys and syntax errors fail the test; `<<` merge keys are
 * resolved as Docker Compose resolves them.
 */
export function loadYamlDocuments(relativePath: string): YamlMap[] {
  const docs = parseAllDocuments(readRepoText(relativePath), { merge: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  return list
    .filter((doc) => doc.contents !== null)
    .map((doc, i) => {
      assert.deepEqual(
        doc.errors.map((e) => e.message),
        [],
        `${relativePath}: document ${i + 1} does not parse`,
      );
      return asMap(doc.toJS(), `${relativePath} (document ${i + 1})`);
    });
}

export function loadYaml(relativePath: string): YamlMap {
  const docs = loadYamlDocuments(relativePath);
  assert.equal(docs.length, 1, `${relativePath}: expected one YAML document`);
  return docs[0] as YamlMap;
}

export function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asMap(value: unknown, where: string): YamlMap {
  assert.ok(isMap(value), `${where}: expected a mapping, got ${JSON.stringify(value)}`);
  return value;
}

export function asList(value: unknown, where: string): unknown[] {
  assert.ok(Array.isArray(value), `${where}: expected a list, got ${JSON.stringify(value)}`);
  return value;
}

export function asString(value: unknown, where: string): string {
  assert.equal(typeof value, 'string', `${where}: expected a string, got ${JSON.stringify(value)}`);
  return value as string;
}

export function asNumber(value: unknown, where: string): number {
  assert.equal(typeof value, 'number', `${where}: expected a number, got ${JSON.stringify(value)}`);
  return value as number;
}

export function asStrings(value: unknown, where: string): string[] {
  return asList(value, where).map((item, i) => asString(item, `${where}[${i}]`));
}

/** Follows a dotted path of mapping keys, naming the full path in the failure. */
export function at(root: unknown, path: string, where: string): unknown {
  let node = root;
  for (const key of path.split('.')) {
    node = asMap(node, `${where}: ${path} (at "${key}")`)[key];
  }
  return node;
}

export function mapAt(root: unknown, path: string, where: string): YamlMap {
  return asMap(at(root, path, where), `${where}: ${path}`);
}

export function listAt(root: unknown, path: string, where: string): unknown[] {
  return asList(at(root, path, where), `${where}: ${path}`);
}

export function stringAt(root: unknown, path: string, where: string): string {
  return asString(at(root, path, where), `${where}: ${path}`);
}
