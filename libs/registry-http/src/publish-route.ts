import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { PublishServerVersionCommand, WriteOutcome } from '@registry/application';
import type { FastifyInstance } from 'fastify';
import { sendWrite } from './authority';
import { plainRoute } from './read-routes';
import { asProblem } from './registry-problem';
import { WriteRequest } from './write-request';

/**
 * `POST /publish` (both prefixes) as a plain Fastify route, for the same reason as the hot read
 * routes: Nest's router, pipes and interceptors cost a publish's event loop more than they do for it,
 * and that loop also hands every commit and projection batch on. The steps are the controller's were:
 * request problems and the token (WriteRequest), then the publish command through the command bus.
 */
export function registerPublishRoute(
  fastify: FastifyInstance,
  writes: WriteRequest,
  commands: CommandBus,
): void {
  const route = plainRoute(new Logger('PublishRoute'), sendWrite);
  const publish = route(async (request) => {
    const authority = await writes.authenticate(request, writes.serverJsonErrors(request.body));
    return asProblem(() =>
      commands.execute<PublishServerVersionCommand, WriteOutcome>(
        new PublishServerVersionCommand(request.body, authority),
      ),
    );
  });
  for (const prefix of ['/v0', '/v0.1']) fastify.post(`${prefix}/publish`, publish);
}
