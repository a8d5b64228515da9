import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { OpenApiDocument } from './openapi-document';

/** huma serves its generated document with these media types. */
export const OPENAPI_YAML_TYPE = 'application/openapi+yaml';
export const OPENAPI_JSON_TYPE = 'application/openapi+json';

export interface ApiDocsOptions {
  /** Where the interactive docs live; the official registry's are at /docs. */
  docsPath?: string;
  title?: string;
}

/**
 * Serves the static document at /openapi.yaml and /openapi.json, and Swagger UI (from its package, no
 * CDN) at /docs, fed the same document instead of one generated from the routes.
 */
export async function serveApiDocs(
  fastify: FastifyInstance,
  openApi: OpenApiDocument,
  options: ApiDocsOptions = {},
): Promise<void> {
  fastify.get('/openapi.yaml', (_request, reply) => reply.type(OPENAPI_YAML_TYPE).send(openApi.yaml));
  fastify.get('/openapi.json', (_request, reply) => reply.type(OPENAPI_JSON_TYPE).send(openApi.json));
  await fastify.register(staticDocumentPlugin(openApi));
  await fastify.register(fastifySwaggerUi, {
    routePrefix: options.docsPath ?? '/docs',
    uiConfig: { deepLinking: true },
    theme: { title: options.title ?? 'MCP Registry API' },
  });
}

/**
 * Stands in for @fastify/swagger, which Swagger UI requires by name: it answers `fastify.swagger()`
 * with our document. Marked like fastify-plugin output so the decorator lands on the root instance.
 */
function staticDocumentPlugin(openApi: OpenApiDocument): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (instance) => {
    instance.decorate('swagger', (opts?: { yaml?: boolean }) =>
      opts?.yaml === true ? openApi.yaml : openApi.document,
    );
  };
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: '@fastify/swagger',
    [Symbol.for('plugin-meta')]: { name: '@fastify/swagger', fastify: '5.x' },
  });
}
