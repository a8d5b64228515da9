import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { requestShapeRefusal } from '@registry/application';
import { resultOf, validateServerJson } from '@registry/domain/validation';
import { ProblemException } from '@registry/http-kit';

/** `POST /validate`; `POST /publish` is a plain Fastify route (publish-route.ts). */
@Controller(['v0', 'v0.1'])
export class PublishController {
  /**
   * Validates a server.json without publishing it: `{valid, issues[]}` (after the request-shape check).
   * The validator's rules only, as officially: the `_meta` size and the package-registry checks belong
   * to publish, the latter only with registry validation on, so this answer does not depend on it.
   * A `_meta` key publish drops is no refusal here either: an `info` issue says it will be dropped.
   */
  @Post('validate')
  @HttpCode(200)
  validate(@Body() body: unknown): unknown {
    if (body === undefined || body === null)
      throw new ProblemException({ status: 400, detail: 'request body is required' });
    const refusal = requestShapeRefusal(body);
    if (refusal !== undefined)
      throw new ProblemException({ status: 422, detail: refusal.message, errors: refusal.details });
    return resultOf(validateServerJson(body));
  }
}
