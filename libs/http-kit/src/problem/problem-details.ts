import { HttpException } from '@nestjs/common';
import { statusTitle } from './status-title';

/** The media type of every error body (RFC 9457), as huma's ErrorModel sends it. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One item of huma's `errors` list: `location` is like `body.packages[0].version`, `query.limit`, `path.serverName`. */
export interface ProblemErrorDetail {
  message: string;
  location?: string;
  value?: unknown;
}

/** RFC 9457 problem details in huma's ErrorModel shape (no `type`, which huma leaves out as about:blank). */
export interface ProblemDetails {
  title: string;
  status: number;
  detail: string;
  errors?: ProblemErrorDetail[];
}

export interface ProblemInit {
  status: number;
  /** Defaults to the standard reason phrase of `status`. */
  title?: string;
  detail: string;
  errors?: ProblemErrorDetail[];
  /** Kept for the log of a 5xx; never sent. */
  cause?: unknown;
}

/** Builds the body with huma's member order (title, status, detail, errors), errors left out when empty. */
export function problemDetails(init: ProblemInit): ProblemDetails {
  const problem: ProblemDetails = {
    title: init.title ?? statusTitle(init.status),
    status: init.status,
    detail: init.detail,
  };
  if (init.errors !== undefined && init.errors.length > 0) {
    problem.errors = init.errors.map(normaliseDetail);
  }
  return problem;
}

function normaliseDetail(e: ProblemErrorDetail): ProblemErrorDetail {
  const out: ProblemErrorDetail = { message: e.message };
  if (e.location !== undefined && e.location !== '') out.location = e.location;
  if (e.value !== undefined) out.value = e.value;
  return out;
}

/**
 * An HTTP error that already knows its problem body. Throw it from controllers, guards and pipes;
 * `ProblemDetailsFilter` sends `problem` as it is.
 *
 *   throw new ProblemException(404, 'Server not found');
 *   throw new ProblemException({ status: 422, detail: 'validation failed', errors: [...] });
 */
export class ProblemException extends HttpException {
  readonly problem: ProblemDetails;

  constructor(init: ProblemInit);
  constructor(status: number, detail: string, errors?: ProblemErrorDetail[]);
  constructor(initOrStatus: ProblemInit | number, detail?: string, errors?: ProblemErrorDetail[]) {
    const init: ProblemInit =
      typeof initOrStatus === 'number'
        ? { status: initOrStatus, detail: detail ?? '', errors }
        : initOrStatus;
    const problem = problemDetails(init);
    super(problem, problem.status, init.cause === undefined ? undefined : { cause: init.cause });
    this.problem = problem;
    this.message = problem.detail;
  }
}
