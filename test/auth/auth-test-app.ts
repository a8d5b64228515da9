import 'reflect-metadata';
import { Controller, Get, INestApplication, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  AuthModule,
  AuthOptions,
  RegistryClaims,
  RegistryClaimsParam,
  RegistryTokenGuard,
  hasPermission,
  permittedResources,
} from '@registry/auth';
import { ProblemDetailsFilter, ProblemValidationPipe } from '@registry/http-kit';

export const TEST_SEED = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
export const T0 = new Date('2025-06-01T12:00:00.000Z');

/** A clock the test moves; the app reads it through AuthOptions.now. */
export class TestClock {
  current = T0;
  readonly now = (): Date => this.current;
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function authOptions(clock: TestClock, overrides: Partial<AuthOptions> = {}): AuthOptions {
  return {
    jwtPrivateKeyHex: TEST_SEED,
    enableAnonymousAuth: false,
    githubApiBaseUrl: 'http://127.0.0.1:9',
    githubOidcIssuer: 'http://127.0.0.1:9',
    githubOidcAudience: 'mcp-registry',
    oidc: {
      enabled: false,
      issuer: '',
      clientId: '',
      extraClaims: [],
      editPermissions: [],
      publishPermissions: [],
    },
    dnsResolvers: [],
    outboundAllowPrivate: true,
    now: clock.now,
    ...overrides,
  };
}

/** A trivial guarded route: what another module's controller does with the guard. */
@Controller('test')
class GuardedProbeController {
  @Get('claims')
  @UseGuards(RegistryTokenGuard)
  claims(@RegistryClaimsParam() claims: RegistryClaims): Record<string, unknown> {
    return {
      ...claims,
      canPublishUserServer: hasPermission(claims, 'publish', 'io.github.testuser/server'),
      publishable: permittedResources(claims, 'publish'),
    };
  }
}

export interface JsonReply {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

export interface AuthTestApp {
  url: string;
  clock: TestClock;
  post(path: string, body?: unknown): Promise<JsonReply>;
  get(path: string, headers?: Record<string, string>): Promise<JsonReply>;
  close(): Promise<void>;
}

/** Boots AuthModule (plus the guarded probe) on Fastify at 127.0.0.1 on a free port. */
export async function startAuthApp(
  clock: TestClock,
  overrides: Partial<AuthOptions> = {},
): Promise<AuthTestApp> {
  @Module({
    imports: [AuthModule.forRoot(authOptions(clock, overrides))],
    controllers: [GuardedProbeController],
  })
  class AuthTestModule {}

  const app: INestApplication = await NestFactory.create(AuthTestModule, new FastifyAdapter(), {
    logger: false,
  });
  // The app's own problem+json filter and validation pipe, so the tests see the real wire.
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(new ProblemValidationPipe());
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const send = async (
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<JsonReply> => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
  };
  return {
    url,
    clock,
    post: (path, body) => send('POST', path, body, {}),
    get: (path, headers = {}) => send('GET', path, undefined, headers),
    close: () => app.close(),
  };
}

/** Decodes a registry token's payload without verifying it (tests check what the wire carries). */
export function tokenPayload(token: unknown): Record<string, unknown> {
  if (typeof token !== 'string') throw new Error(`not a token: ${String(token)}`);
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
