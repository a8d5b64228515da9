import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { NamespaceCaller, NamespaceClaims } from '@registry/application';
import { RegistryTokenResponse, RegistryTokenService } from '@registry/auth';
import {
  PUBLISHER_KEY_AUTH_METHOD,
  claimPublishResources,
  publisherKeySubject,
} from '@registry/domain/namespace';
import { ProblemException } from '@registry/http-kit';
import type { FastifyRequest } from 'fastify';
import { EXTENSION_PREFIXES, ExtensionNamespaceGuard } from './extension-path';
import { parseClaim, parseCreateKey, parseKeyExchange, parseVerify } from './namespace-request';
import { claimView, keyView } from './namespace-view';
import { callerOf } from './registry-caller';
import { asProblem } from './registry-problem';
import { FieldError } from './status-request';

type Json = Record<string, unknown>;

/**
 * Namespace claims (`/v0.1/x/<ns>/namespaces`): a publisher claims a namespace, proves it once (DNS,
 * HTTP or GitHub), and the verifier keeps checking; a verified claim mints publisher keys that
 * `auth/api-key` exchanges for a registry token, so CI publishes without a browser or a DNS key.
 */
@Controller(EXTENSION_PREFIXES)
@UseGuards(ExtensionNamespaceGuard)
export class NamespacesController {
  constructor(
    private readonly tokens: RegistryTokenService,
    private readonly claims: NamespaceClaims,
  ) {}

  @Post('namespaces')
  @HttpCode(201)
  async claim(@Body() body: unknown, @Req() request: FastifyRequest): Promise<Json> {
    const caller = await this.caller(request);
    const input = valid(parseClaim(body));
    return this.view(await asProblem(() => this.claims.claim(caller, input)));
  }

  @Get('namespaces')
  async list(@Req() request: FastifyRequest): Promise<Json> {
    const caller = await this.caller(request);
    const claims = await asProblem(() => this.claims.list(caller));
    return { namespaces: claims.map((c) => this.view(c)), metadata: { count: claims.length } };
  }

  @Get('namespaces/:id')
  async get(@Param('id') id: string, @Req() request: FastifyRequest): Promise<Json> {
    const caller = await this.caller(request);
    return this.view(await asProblem(() => this.claims.get(caller, id)));
  }

  @Post('namespaces/:id/verify')
  @HttpCode(200)
  async verify(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<Json> {
    const caller = await this.caller(request);
    const { githubToken } = valid(parseVerify(body));
    return this.view(await asProblem(() => this.claims.verify(caller, id, githubToken)));
  }

  @Delete('namespaces/:id')
  @HttpCode(204)
  async release(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    const caller = await this.caller(request);
    await asProblem(() => this.claims.release(caller, id));
  }

  @Post('namespaces/:id/keys')
  @HttpCode(201)
  async createKey(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<Json> {
    const caller = await this.caller(request);
    const { name } = valid(parseCreateKey(body));
    const created = await asProblem(() => this.claims.createKey(caller, id, name));
    return { ...keyView(created.key), key: created.secret };
  }

  @Get('namespaces/:id/keys')
  async listKeys(@Param('id') id: string, @Req() request: FastifyRequest): Promise<Json> {
    const caller = await this.caller(request);
    const claim = await asProblem(() => this.claims.get(caller, id));
    return { keys: [...claim.keys.values()].map(keyView) };
  }

  @Delete('namespaces/:id/keys/:keyId')
  @HttpCode(204)
  async revokeKey(
    @Param('id') id: string,
    @Param('keyId') keyId: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    const caller = await this.caller(request);
    await asProblem(() => this.claims.revokeKey(caller, id, keyId));
  }

  /** A publisher key for the usual registry token: publish rights on the claimed namespace only. */
  @Post('auth/api-key')
  @HttpCode(200)
  async exchange(@Body() body: unknown): Promise<RegistryTokenResponse> {
    const { key } = valid(parseKeyExchange(body));
    const found = await this.claims.exchange(key);
    if (found === undefined) {
      throw new ProblemException({
        status: 401,
        detail: 'API key authentication failed',
        errors: [
          { message: 'unknown or revoked publisher key, or its namespace claim is no longer verified' },
        ],
      });
    }
    return this.tokens.sign({
      authMethod: PUBLISHER_KEY_AUTH_METHOD,
      authMethodSubject: publisherKeySubject(found.claim.claimId, found.key.keyId),
      permissions: claimPublishResources(found.claim).map((resource) => ({ action: 'publish', resource })),
    });
  }

  private view(claim: Parameters<typeof claimView>[0]): Json {
    return claimView(claim, this.claims.settings.githubRequirements);
  }

  private caller(request: FastifyRequest): Promise<NamespaceCaller> {
    return callerOf(this.tokens, request);
  }
}

function valid<T>(parsed: T | FieldError[]): T {
  if (Array.isArray(parsed))
    throw new ProblemException({ status: 422, detail: 'validation failed', errors: parsed });
  return parsed;
}
