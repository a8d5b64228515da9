import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { findRepoRoot, loadOpenApiDocument } from '@registry/http-kit';

type Operation = {
  operationId?: string;
  deprecated?: boolean;
  parameters?: Array<{ $ref?: string }>;
  responses?: Record<string, unknown>;
  requestBody?: unknown;
  security?: unknown;
};
type PathItem = Record<string, Operation>;
interface OpenApi {
  openapi: string;
  paths: Record<string, PathItem>;
  webhooks: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const CHANGE_TYPES = [
  'server.version.published',
  'server.version.status-changed',
  'server.version.edited',
  'server.latest-version.changed',
  'server.version.ownership-checked',
  'server.renamed',
  'namespace.claim-status-changed',
];
/** Where the ownership check was before the extension convention: a redirect, checking no token. */
const MOVED_OWNERSHIP_CHECK = /^\/v0(\.1)?\/servers\/\{serverName\}\/ownership-checks$/;

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
    const x = `${p}/x/{ns}`;
    expected.push(
      [`${x}/changes`, 'get'],
      [`${x}/search`, 'get'],
      [`${x}/subscriptions`, 'post'],
      [`${x}/subscriptions`, 'get'],
      [`${x}/subscriptions/{id}`, 'get'],
      [`${x}/subscriptions/{id}`, 'patch'],
      [`${x}/subscriptions/{id}`, 'delete'],
      [`${x}/subscriptions/{id}/rotate-secret`, 'post'],
      [`${x}/subscriptions/{id}/deliveries`, 'get'],
      [`${x}/subscriptions/{id}/deliveries/{deliveryId}/retry`, 'post'],
      [`${x}/subscriptions/{id}/redeliver`, 'post'],
      [`${x}/servers/{serverName}/ownership-checks`, 'post'],
      [`${x}/servers/{serverName}/rename`, 'post'],
      [`${p}/servers/{serverName}/ownership-checks`, 'post'],
      [`${x}/upstream`, 'get'],
      [`${x}/upstream/webhook`, 'post'],
      [`${x}/namespaces`, 'post'],
      [`${x}/namespaces`, 'get'],
      [`${x}/namespaces/{id}`, 'get'],
      [`${x}/namespaces/{id}`, 'delete'],
      [`${x}/namespaces/{id}/verify`, 'post'],
      [`${x}/namespaces/{id}/keys`, 'post'],
      [`${x}/namespaces/{id}/keys`, 'get'],
      [`${x}/namespaces/{id}/keys/{keyId}`, 'delete'],
      [`${x}/auth/api-key`, 'post'],
    );
  }
  expected.push(
    ['/.well-known/mcp-registry', 'get'],
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
      // A deprecated path that only redirects answers 308 instead.
      assert.ok(
        statuses.some((s) => s.startsWith('2') || (op.deprecated === true && s === '308')),
        `${where} has no 2xx response`,
      );
    }
    const problem = doc.components.responses.Problem as { content: Record<string, unknown> };
    assert.deepEqual(Object.keys(problem.content), ['application/problem+json']);
  });

  it('requires a bearer token on every write but the open ones, and on every subscription read', () => {
    for (const [path, method, op] of operations(doc)) {
      const isWrite = method !== 'get';
      // The upstream webhook is authenticated by its Standard Webhooks signature, not a registry token.
      const open =
        path.includes('/auth/') ||
        path.endsWith('/validate') ||
        path.endsWith('/upstream/webhook') ||
        MOVED_OWNERSHIP_CHECK.test(path);
      const needsToken =
        (isWrite && !open) || path.includes('/subscriptions') || path.includes('/namespaces');
      if (needsToken) assert.deepEqual(op.security, [{ bearer: [] }], `${method} ${path}`);
      else assert.equal(op.security, undefined, `${method} ${path}`);
    }
  });

  it('takes the extension namespace as the shared ns parameter on every extension path', () => {
    for (const [path, method, op] of operations(doc)) {
      if (!path.includes('/x/{ns}/')) continue;
      const refs = (op.parameters ?? []).map((p) => p.$ref);
      assert.ok(refs.includes('#/components/parameters/Namespace'), `${method} ${path}`);
    }
  });

  it('marks the old ownership-check path deprecated, redirecting with Location', () => {
    for (const p of ['/v0', '/v0.1']) {
      const op = doc.paths[`${p}/servers/{serverName}/ownership-checks`]?.post;
      assert.equal(op?.deprecated, true);
      assert.deepEqual(op?.responses?.['308'], { $ref: '#/components/responses/PermanentRedirect' });
    }
    const redirect = doc.components.responses.PermanentRedirect as { headers: Record<string, unknown> };
    assert.ok(redirect.headers.Location);
  });

  it('describes each webhook the registry POSTs, signed per Standard Webhooks', () => {
    assert.deepEqual(
      Object.keys(doc.webhooks).sort(),
      [...CHANGE_TYPES, 'registry.subscription.verification'].sort(),
    );
    for (const [name, item] of Object.entries(doc.webhooks)) {
      const op = item.post;
      assert.ok(op?.operationId, name);
      const refs = (op.parameters ?? []).map((p) => p.$ref);
      for (const header of ['WebhookId', 'WebhookTimestamp', 'WebhookSignature']) {
        assert.ok(refs.includes(`#/components/parameters/${header}`), `${name} ${header}`);
      }
      const body = op.requestBody as { content: Record<string, { schema: { $ref: string } }> };
      const schema = name === 'registry.subscription.verification' ? 'VerificationEvent' : 'Change';
      assert.equal(body.content['application/json']?.schema.$ref, `#/components/schemas/${schema}`);
    }
    const changeType = doc.components.schemas.ChangeType as { enum: string[] };
    assert.deepEqual(changeType.enum, CHANGE_TYPES);
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
