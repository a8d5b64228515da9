import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { SubscriptionCaller, SubscriptionCommands, SubscriptionDeliveries } from '@registry/application';
import { RegistryTokenService } from '@registry/auth';
import { ProblemException } from '@registry/http-kit';
import type { FastifyRequest } from 'fastify';
import { EXTENSION_PREFIXES, ExtensionNamespaceGuard } from './extension-path';
import { callerOf } from './registry-caller';
import { asProblem } from './registry-problem';
import { FieldError } from './status-request';
import {
  parseCreateSubscription,
  parseOutcome,
  parsePatchSubscription,
  parseRedeliver,
} from './subscription-request';
import { deliveryView, subscriptionView } from './subscription-view';

type Json = Record<string, unknown>;

/**
 * Webhook subscriptions of sub-registries (`/v0.1/x/<ns>/subscriptions`). Any valid registry token
 * manages its own; a token that may edit every server (`edit` on `*`) manages all of them.
 */
@Controller(EXTENSION_PREFIXES)
@UseGuards(ExtensionNamespaceGuard)
export class SubscriptionsController {
  constructor(
    private readonly tokens: RegistryTokenService,
    private readonly commands: SubscriptionCommands,
    private readonly deliveries: SubscriptionDeliveries,
  ) {}

  @Post('subscriptions')
  @HttpCode(201)
  async create(@Body() body: unknown, @Req() request: FastifyRequest): Promise<Json> {
    const caller = await this.caller(request);
    const input = valid(parseCreateSubscription(body));
    const { subscription, secret } = await asProblem(() => this.commands.create(caller, input));
    return { ...subscriptionView(subscription), secret };
  }

  @Get('subscriptions')
  async list(@Req() request: FastifyRequest): Promise<Json> {
    const caller = await this.caller(request);
    const subscriptions = await asProblem(() => this.commands.list(caller));
    return { subscriptions: subscriptions.map(subscriptionView), metadata: { count: subscriptions.length } };
  }

  @Get('subscriptions/:id')
  async get(@Param('id') id: string, @Req() request: FastifyRequest): Promise<Json> {
    const caller = await this.caller(request);
    return subscriptionView(await asProblem(() => this.commands.get(caller, id)));
  }

  @Patch('subscriptions/:id')
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<Json> {
    const caller = await this.caller(request);
    const patch = valid(parsePatchSubscription(body));
    return subscriptionView(await asProblem(() => this.commands.update(caller, id, patch)));
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    const caller = await this.caller(request);
    await asProblem(() => this.commands.delete(caller, id));
  }

  @Post('subscriptions/:id/rotate-secret')
  @HttpCode(200)
  async rotate(@Param('id') id: string, @Req() request: FastifyRequest): Promise<Json> {
    const caller = await this.caller(request);
    const { subscription, secret } = await asProblem(() => this.commands.rotateSecret(caller, id));
    return { ...subscriptionView(subscription), secret };
  }

  @Get('subscriptions/:id/deliveries')
  async listDeliveries(
    @Param('id') id: string,
    @Query() query: { outcome?: string; cursor?: string; limit?: string },
    @Req() request: FastifyRequest,
  ): Promise<Json> {
    const caller = await this.caller(request);
    const state = valid(parseOutcome(query.outcome));
    const limit = parseLimit(query.limit);
    const page = await asProblem(() =>
      this.deliveries.list(caller, id, {
        limit,
        ...(state !== undefined ? { state } : {}),
        ...(query.cursor !== undefined && query.cursor !== '' ? { cursor: query.cursor } : {}),
      }),
    );
    return {
      deliveries: page.items.map(deliveryView),
      metadata: {
        count: page.items.length,
        ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
      },
    };
  }

  @Post('subscriptions/:id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  async retry(
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
    @Req() request: FastifyRequest,
  ): Promise<Json> {
    const caller = await this.caller(request);
    return deliveryView(await asProblem(() => this.deliveries.retry(caller, id, deliveryId)));
  }

  @Post('subscriptions/:id/redeliver')
  @HttpCode(202)
  async redeliver(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<Json> {
    const caller = await this.caller(request);
    const range = valid(parseRedeliver(body));
    return {
      ...(await asProblem(() => this.deliveries.redeliver(caller, id, range.fromSequence, range.toSequence))),
    };
  }

  private caller(request: FastifyRequest): Promise<SubscriptionCaller> {
    return callerOf(this.tokens, request);
  }
}

function valid<T>(parsed: T | FieldError[]): T {
  if (Array.isArray(parsed))
    throw new ProblemException({ status: 422, detail: 'validation failed', errors: parsed });
  return parsed;
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 30;
  const limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ProblemException({
      status: 422,
      detail: 'validation failed',
      errors: [{ message: 'expected a whole number from 1 to 100', location: 'query.limit', value: raw }],
    });
  }
  return limit;
}
