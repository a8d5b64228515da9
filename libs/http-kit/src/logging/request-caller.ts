import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** Who sent a write: the login method and subject of its verified registry token. */
export interface RequestCaller {
  readonly method: string;
  readonly subject: string;
}

/**
 * The caller named by an `Authorization` header value, or undefined when it names nobody valid (no
 * bearer token, a bad signature, an expired token). Must verify: the subject keys rate limits.
 */
export type CallerLookup = (authorization: string) => Promise<RequestCaller | undefined>;

const CALLER = Symbol('registry.requestCaller');

interface CallerSlot {
  [CALLER]: RequestCaller | null;
}

/** Methods that read: their requests are counted by address and carry no subject. */
export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The verified caller of a write, once `identifyCallers` has looked at it; undefined for reads. */
export function requestCallerOf(request: FastifyRequest): RequestCaller | undefined {
  return (request as FastifyRequest & CallerSlot)[CALLER] ?? undefined;
}

/**
 * Looks up the token of every write that carries one, before the route runs (onRequest, so a rate
 * limit can count it by subject and its log line can name it), and leaves the caller on the request.
 * The route verifies the token again as it always did; the token service remembers verified tokens,
 * so that costs a map lookup. A token that fails here fails there too, with the official 401.
 */
export function identifyCallers(fastify: FastifyInstance, lookup: CallerLookup): void {
  fastify.decorateRequest(CALLER, null);
  // A callback hook, not an async one: reads (most requests) pass without a promise.
  fastify.addHook(
    'onRequest',
    (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const header = READ_METHODS.has(request.method) ? undefined : request.headers.authorization;
      if (header === undefined || header === '') {
        done();
        return;
      }
      lookup(header).then(
        (caller) => {
          if (caller !== undefined) (request as FastifyRequest & CallerSlot)[CALLER] = caller;
          done();
        },
        () => done(),
      );
    },
  );
}
