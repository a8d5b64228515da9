import 'reflect-metadata';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Controller, Get, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { HealthModule, configureHttpApp, registryFastifyOptions } from '@registry/http-kit';
import { problemOf, send } from './http-kit-app';

@Controller('v0')
class EchoController {
  @Get('echo')
  echo(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [EchoController] })
class WithoutHealthModule {}

@Module({ imports: [HealthModule.forRoot()] })
class HealthOnlyModule {}

async function create(module: Type<unknown>): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(registryFastifyOptions()), {
    logger: false,
  });
}

async function listen(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

describe('configureHttpApp', () => {
  it('frames an app that has no HealthModule (a worker, say) without touching its DI', async () => {
    const app = await create(WithoutHealthModule);
    try {
      await configureHttpApp(app, { version: '9.9.9', defaultMetrics: false });
      const base = await listen(app);
      assert.equal((await send(base, 'GET', '/v0/echo')).status, 200);
      assert.equal(problemOf(await send(base, 'GET', '/v0/version')).status, 404);
      assert.equal((await send(base, 'GET', '/metrics')).status, 200);
    } finally {
      await app.close();
    }
  });

  it('leaves /v0/version at the official defaults when it was never told the build', async () => {
    const app = await create(HealthOnlyModule);
    try {
      const base = await listen(app);
      const res = await send(base, 'GET', '/v0/version');
      assert.deepEqual(JSON.parse(res.body), {
        version: 'dev',
        git_commit: 'unknown',
        build_time: 'unknown',
      });
      assert.deepEqual(JSON.parse((await send(base, 'GET', '/v0/health')).body), { status: 'ok' });
    } finally {
      await app.close();
    }
  });

  it('refuses to run after app.init(), when the routes would escape the metrics', async () => {
    const app = await create(WithoutHealthModule);
    try {
      await app.init();
      await assert.rejects(configureHttpApp(app, { version: '1' }), /before app\.init\(\)/);
    } finally {
      await app.close();
    }
  });
});
