import { Logger } from '@nestjs/common';
import type { SecretSealer, UpstreamStateRepository } from '@registry/application';
import { ProblemException, mapToProblem, sendProblem } from '@registry/http-kit';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';

export interface UpstreamWebhookRouteOptions {
  metaNamespace: string;
  state: UpstreamStateRepository;
  sealer: SecretSealer;
  /** Wakes the mirror when it runs in this process; another process's mirror reads the feed on its own. */
  wake?: () => void;
}

const VERIFICATION = 'registry.subscription.verification';

/**
 * `POST /v0.1/x/<ns>/upstream/webhook`: where the upstream delivers its webhooks to a mirror. Every
 * request must carry a valid Standard Webhooks signature under the secret the mirror got when it
 * subscribed (verified by the reference library, on the exact bytes received, hence a route of its
 * own that keeps the body as text). The handshake is answered with its challenge; a change wakes the
 * mirror, which reads the change feed at once (the feed, not the webhook, is what it applies, so
 * order and gaps are the feed's business).
 */
export function registerUpstreamWebhookRoute(
  fastify: FastifyInstance,
  options: UpstreamWebhookRouteOptions,
): void {
  const logger = new Logger('UpstreamWebhook');
  void fastify.register(async (scope) => {
    // The signature covers the exact bytes received: this scope keeps the body as text.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    for (const prefix of ['/v0', '/v0.1']) {
      scope.post(`${prefix}/x/${options.metaNamespace}/upstream/webhook`, async (request, reply) => {
        try {
          const { webhook } = await options.state.current();
          if (webhook === undefined) {
            // Subscribed, but the answer (and its secret) is still on its way: the upstream retries.
            void reply.header('retry-after', '1');
            throw new ProblemException({
              status: 503,
              detail: 'this mirror has no upstream subscription yet',
            });
          }
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(request.headers)) {
            if (typeof value === 'string') headers[name] = value;
          }
          let message: { type?: string; data?: { challenge?: unknown } };
          try {
            message = new Webhook(options.sealer.open(webhook.secret)).verify(
              String(request.body ?? ''),
              headers,
            ) as typeof message;
          } catch (error) {
            throw new ProblemException({
              status: 401,
              detail: `invalid webhook signature: ${(error as Error).message}`,
            });
          }
          if (message.type === VERIFICATION) {
            void reply.header('content-type', 'application/json; charset=utf-8');
            return reply.send(JSON.stringify({ challenge: message.data?.challenge }));
          }
          options.wake?.();
          return reply.status(204).send();
        } catch (error) {
          const { problem, serverFault } = mapToProblem(error, request);
          if (serverFault !== undefined) logger.error(`upstream webhook: ${String(serverFault)}`);
          sendProblem(reply, problem);
          return reply;
        }
      });
    }
  });
}
