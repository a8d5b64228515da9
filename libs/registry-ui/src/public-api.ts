import type { FastifyInstance, FastifyRequest } from 'fastify';

/** One answer of the public API, as any HTTP client would see it. */
export interface ApiAnswer {
  status: number;
  /** The parsed JSON body (undefined when the body is not JSON). */
  body: unknown;
  location?: string;
  /** Seconds to wait, when the API refused for too many requests (429). */
  retryAfter?: string;
}

/**
 * The registry's public read API, asked in-process with Fastify's `inject()`: the same routes, hooks
 * and answers an HTTP client gets (cached bodies, renames' redirects, problem+json), without a socket
 * and without a private path into the read model. The pages can only show what the API shows.
 * Each call is made on behalf of the page's visitor, from their address: the API's per-client limits
 * count it against them (not against one shared loopback address), and its logs name them.
 */
export class PublicRegistryApi {
  constructor(private readonly fastify: FastifyInstance) {}

  async get(path: string, visitor: FastifyRequest): Promise<ApiAnswer> {
    const response = await this.fastify.inject({
      method: 'GET',
      url: path,
      headers: { accept: 'application/json' },
      remoteAddress: visitor.ip,
    });
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      body = undefined;
    }
    const { location, 'retry-after': retryAfter } = response.headers;
    return {
      status: response.statusCode,
      body,
      ...(typeof location === 'string' ? { location } : {}),
      ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
    };
  }
}
