import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RegistryConfig } from '@registry/config';
import { Permission, RegistryTokenService } from '@registry/auth';
import { createRegistryApp } from '../../apps/registry/src/registry-app';
import { testConfig } from './test-config';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** The all-in-one registry, in this process, listening on a free loopback port over real HTTP. */
export class RegistryUnderTest {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: RegistryConfig,
    readonly baseUrl: string,
    private readonly cleanup: () => void,
  ) {}

  /**
   * Logs nothing (no Nest messages, no request lines), and limits no rates: the tests hammer it from
   * one address (a test of the limits sets MCP_REGISTRY_RATE_LIMIT_PER_MINUTE itself).
   */
  static async start(env: Record<string, string> = {}): Promise<RegistryUnderTest> {
    const { config, cleanup } = testConfig({ MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: '0', ...env });
    const app = await createRegistryApp(config, { logger: false });
    await app.listen(config.serverAddress.port, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    return new RegistryUnderTest(app, config, `http://127.0.0.1:${address.port}`, cleanup);
  }

  /** A registry token the app accepts, granting `publish` (and optionally `edit`) on the patterns. */
  async token(patterns: string[] | Permission[], subject = 'test-user'): Promise<string> {
    const permissions: Permission[] = patterns.map((p) =>
      typeof p === 'string' ? { action: 'publish', resource: p } : p,
    );
    const res = await this.app
      .get(RegistryTokenService)
      .sign({ authMethod: 'github-at', authMethodSubject: subject, permissions });
    return res.registry_token;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  async close(): Promise<void> {
    await this.app.close();
    this.cleanup();
  }
}

/** A minimal valid server.json. */
export function serverJson(
  name: string,
  version: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    description: `Test server ${name}`,
    version,
    ...extra,
  };
}
