import { WriteOutcome } from '@registry/application';
import type { FastifyReply } from 'fastify';

/** Header set when a write answered before the read model caught up (read-your-writes not assured). */
export const READ_MODEL_LAG_HEADER = 'x-registry-read-model';

export function sendWrite(reply: FastifyReply, outcome: WriteOutcome): void {
  if (!outcome.readModelCaughtUp) void reply.header(READ_MODEL_LAG_HEADER, 'behind');
  void reply.status(200);
  void reply.header('content-type', 'application/json; charset=utf-8').send(outcome.body);
}
