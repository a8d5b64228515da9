/**
 * A tiny registry-shaped Nest app for the http-kit tests: a few routes that fail in each way the
 * filter must render, a DTO, and HealthModule with an indicator the test can break. Served over real
 * HTTP on 127.0.0.1, port 0.
 */
import 'reflect-metadata';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, Module, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import {
  HealthModule,
  HttpApp,
  ProblemException,
  RegistryHealthIndicator,
  configureHttpApp,
  registryFastifyOptions,
} from '@registry/http-kit';

class PackageDto {
  @IsString()
  @MinLength(1)
  identifier!: string;
}

class CreateThingDto {
  @IsString()
  @MinLength(3)
  name!: string;

  @IsInt()
  @Min(1)
  count!: number;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PackageDto)
  packages?: PackageDto[];
}

class SearchQuery {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit!: number;
}

@Controller('v0')
class ThingsController {
  @Get('things/conflict')
  conflict(): never {
    throw new ProblemException({
      status: 409,
      detail: 'Thing already exists',
      errors: [{ message: 'duplicate name', location: 'body.name', value: 'alpha' }],
    });
  }

  @Get('things/boom')
  boom(): never {
    throw new Error('secret internals: password=hunter2');
  }

  @Get('things/missing')
  missing(): never {
    throw new NotFoundException('Server not found');
  }

  @Get('things/:thingName')
  thing(@Param('thingName') thingName: string): { name: string } {
    return { name: thingName };
  }

  @Post('things')
  create(@Body() body: CreateThingDto): CreateThingDto {
    return body;
  }

  @Get('search')
  search(@Query() query: SearchQuery): SearchQuery {
    return query;
  }
}

/** The store as /readyz sees it; the test decides how it behaves. */
export class FakeStoreIndicator implements RegistryHealthIndicator {
  readonly key = 'sqlite';
  mode: 'up' | 'down' | 'throw' | 'hang' = 'up';

  check(health: HealthIndicatorService): Promise<HealthIndicatorResult> | HealthIndicatorResult {
    switch (this.mode) {
      case 'up':
        return health.check(this.key).up();
      case 'down':
        return health.check(this.key).down({ message: 'database is locked' });
      case 'throw':
        throw new Error('disk I/O error');
      case 'hang':
        return new Promise(() => undefined);
    }
  }
}

export interface TestApp {
  readonly baseUrl: string;
  readonly store: FakeStoreIndicator;
  readonly http: HttpApp;
  close(): Promise<void>;
}

export async function startTestApp(options: { bodyLimit?: number } = {}): Promise<TestApp> {
  const store = new FakeStoreIndicator();

  @Module({
    imports: [
      HealthModule.forRoot({
        indicators: [store],
        githubClientId: 'Iv1.test-client',
        checkTimeoutMs: 100,
        logFailures: false,
      }),
    ],
    controllers: [ThingsController],
  })
  class TestAppModule {}

  const adapter = new FastifyAdapter(
    registryFastifyOptions(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
  );
  const app = await NestFactory.create<NestFastifyApplication>(TestAppModule, adapter, { logger: false });
  const http = await configureHttpApp(app, {
    version: '1.2.3',
    gitCommit: 'abc1234',
    buildTime: '2025-10-14T12:00:00Z',
    defaultMetrics: false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, store, http, close: () => app.close() };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request sent as written: no redirect following, no URL normalisation, any header. */
export function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Parses a problem+json answer, failing loudly when it is not one. */
export function problemOf(response: RawResponse): Record<string, unknown> {
  const type = response.headers['content-type'];
  if (type !== 'application/problem+json') {
    throw new Error(`expected application/problem+json, got ${String(type)}: ${response.body}`);
  }
  return JSON.parse(response.body) as Record<string, unknown>;
}
