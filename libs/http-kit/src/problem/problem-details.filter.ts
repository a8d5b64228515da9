import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem-details';
import { mapToProblem } from './problem-mapping';

/**
 * Renders every error of an HTTP request as RFC 9457 problem details (huma's ErrorModel): Nest HTTP
 * exceptions keep their status and message, validation failures become 422 with `errors`, Fastify's
 * body errors are shaped as huma's, routes nobody serves get the official 404, and anything else is a
 * logged 500 whose detail reveals nothing.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, serverFault } = mapToProblem(exception, request);
    if (serverFault !== undefined) this.logServerFault(request, problem, serverFault);
    if (reply.sent || reply.raw.headersSent) {
      // Too late for a body: the client already has a status line. Nothing more can be said.
      if (serverFault === undefined)
        this.logger.warn({
          msg: `${describe(request)}: ${problem.detail} after the response began`,
          reqId: request.id,
        });
      return;
    }
    sendProblem(reply, problem);
  }

  private logServerFault(request: FastifyRequest, problem: ProblemDetails, fault: unknown): void {
    const cause = fault instanceof Error && fault.cause !== undefined ? fault.cause : fault;
    const stack = cause instanceof Error ? cause.stack : String(cause);
    // An object message: the process's log (NestLog) keeps reqId as a field of the line.
    this.logger.error(
      { msg: `${describe(request)} -> ${problem.status}: ${messageOf(cause)}`, reqId: request.id },
      stack,
    );
  }
}

/**
 * The part of a Fastify reply `sendProblem` needs, typed structurally so it fits both copies of fastify
 * in node_modules (the root's and the one @nestjs/platform-fastify pins for itself).
 */
export interface ProblemReply {
  code(statusCode: number): ProblemReply;
  header(name: string, value: string): ProblemReply;
  send(payload: Buffer): unknown;
}

/** Sends a problem body; also used by the request hooks that answer before any route runs. */
export function sendProblem(reply: ProblemReply, problem: ProblemDetails): void {
  void reply
    .code(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('x-content-type-options', 'nosniff')
    // A Buffer, because Fastify appends "; charset=utf-8" to the type of a string body and huma does not.
    .send(Buffer.from(JSON.stringify(problem)));
}

function describe(request: FastifyRequest): string {
  return `${request.method} ${request.raw.url ?? ''}`;
}

function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}
