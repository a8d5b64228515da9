import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { findRepoRoot, loadOpenApiDocument } from '@registry/http-kit';

type Operation = {
  operationId?: string;
  responses?: Record<string, unknown>;
  requestBody?: unknown;
  security?: unknown;
};
type PathItem = Record<string, Operation>;
interface OpenApi {
  openapi: string;
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function load(): OpenApi {
  return parse(readFileSync(join(findRepoRoot(), 'docs/openapi.yaml'), 'utf8')) as OpenApi;
}

function operations(doc: OpenApi): Array<[string, string, Operation]> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]): [string, string, Operation] => [path, method, op]),
  );
}

describe('docs/openapi.yaml', () => {
  const doc = load();

  it('is OpenAPI 3.1 YAML', () => {
    assert.equal(doc.openapi, '3.1.0');
  });

  const expected: Array<[string, string]> = [];
  for (const p of ['/v0', '/v0.1']) {
    expected.push(
      [`${p}/servers`, 'get'],
      [`${p}/servers/{serverName}/versions`, 'get'],
      [`${p}/servers/{serverName}/versions/{version}`, 'get'],
      [`${p}/servers/{serverName}/versions/{version}`, 'put'],
      [`${p}/servers/{serverName}/versions/{version}/status`, 'patch'],
      [`${p}/servers/{serverName}/status`, 'patch'],
      [`${p}/publish`, 'post'],
      [`${p}/validate`, 'post'],
      [`${p}/health`, 'get'],
      [`${p}/ping`, 'get'],
      [`${p}/version`, 'get'],
    );
    for (const method of ['none', 'dns', 'http', 'github-at', 'github-oidc', 'oidc']) {
      expected.push([`${p}/auth/${method}`, 'post']);
    }
  }
  expected.push(
    ['/v0/servers/by-id/{serverId}', 'get'],
    ['/livez', 'get'],
    ['/readyz', 'get'],
    ['/metrics', 'get'],
  );

  for (const [path, method] of expected) {
    it(`documents ${method.toUpperCase()} ${path}`, () => {
      assert.ok(doc.paths[path]?.[method], `${method} ${path} is missing`);
    });
  }

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else walk(value);
        }
      }
    };
    walk(doc);
    assert.ok(refs.length > 100);
    for (const ref of refs) {
      assert.match(ref, /^#\//, ref);
      const target = ref
        .slice(2)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
      assert.notEqual(target, undefined, `${ref} does not resolve`);
    }
  });

  it('gives every operation a unique id, a 2xx response and problem+json errors', () => {
    const ids = new Set<string>();
    for (const [path, method, op] of operations(doc)) {
      const where = `${method} ${path}`;
      assert.ok(op.operationId, where);
      assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
      ids.add(op.operationId);
      const statuses = Object.keys(op.responses ?? {});
      assert.ok(
        statuses.some((s) => s.startsWith('2')),
        `${where} has no 2xx response`,
      );
    }
    const problem = doc.components.responses.Problem as { content: Record<string, unknown> };
    assert.deepEqual(Object.keys(problem.content), ['application/problem+json']);
  });

  it('requires a bearer token on every write but validate and the token exchanges', () => {
    for (const [path, method, op] of operations(doc)) {
      const isWrite = method !== 'get';
      const open = path.includes('/auth/') || path.endsWith('/validate');
      if (isWrite && !open) assert.deepEqual(op.security, [{ bearer: [] }], `${method} ${path}`);
      if (!isWrite || open) assert.equal(op.security, undefined, `${method} ${path}`);
    }
  });

  it('reuses the official server.json schemas and adds the entry extension to _meta', () => {
    const schemas = doc.components.schemas as Record<
      string,
      { properties?: Record<string, unknown>; required?: string[] }
    >;
    for (const name of [
      'ServerJSON',
      'ServerResponse',
      'ServerList',
      'Package',
      'RemoteTransport',
      'Repository',
      'Icon',
    ]) {
      assert.ok(schemas[name], name);
    }
    assert.deepEqual(schemas.ServerJSON.required, ['name', 'description', 'version']);
    const meta = schemas.ServerResponse.properties?._meta as { properties: Record<string, { $ref: string }> };
    assert.equal(meta.properties['io.github.mcp-registry-es/entry'].$ref, '#/components/schemas/EntryMeta');
    assert.deepEqual(schemas.EntryMeta.required, ['serverId', 'versionId']);
    const metadata = schemas.ServerList.properties?.metadata as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(metadata.properties), ['nextCursor', 'count']);
    const token = schemas.TokenResponse.properties ?? {};
    assert.deepEqual(Object.keys(token), ['registry_token', 'expires_at']);
  });

  it('loads through loadOpenApiDocument from the compiled tree, found by walking up to package.json', () => {
    const loaded = loadOpenApiDocument();
    assert.equal(loaded.file, join(findRepoRoot(), 'docs/openapi.yaml'));
    assert.deepEqual(JSON.parse(loaded.json), doc);
  });
});
