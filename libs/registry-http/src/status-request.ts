import { IsIn, IsOptional, IsString, MaxLength, ValidationError, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { SERVER_STATUSES, ServerStatus } from '@registry/domain/server-json/server-json';

export interface FieldError {
  message: string;
  location?: string;
  value?: unknown;
}

/** Body of the status endpoints; messages are huma's, as the official registry answers them. */
export class StatusChangeRequest {
  @IsString({ message: 'expected string' })
  @IsIn(SERVER_STATUSES as ServerStatus[], {
    message: 'expected value to be one of "active, deprecated, deleted"',
  })
  status!: ServerStatus;

  @IsOptional()
  @IsString({ message: 'expected string' })
  @MaxLength(500, { message: 'expected length <= 500' })
  statusMessage?: string;
}

const KNOWN = new Set(['status', 'statusMessage']);

/** Validates the body; returns the request, or the 422 entries (`body.status`, ...) to report. */
export function parseStatusChange(body: unknown): StatusChangeRequest | FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ message: 'expected object', location: 'body', value: body }];
  }
  const fields = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (fields.status === undefined) {
    errors.push({
      message: 'expected required property status to be present',
      location: 'body',
      value: body,
    });
  }
  const request = plainToInstance(StatusChangeRequest, body);
  for (const error of validateSync(request)) {
    if (error.property === 'status' && fields.status === undefined) continue;
    errors.push({
      message: firstMessage(error),
      location: `body.${error.property}`,
      value: fields[error.property],
    });
  }
  for (const key of Object.keys(fields)) {
    if (!KNOWN.has(key))
      errors.push({ message: 'unexpected property', location: `body.${key}`, value: body });
  }
  return errors.length > 0 ? errors : request;
}

function firstMessage(error: ValidationError): string {
  const messages = Object.values(error.constraints ?? {});
  return messages.at(-1) ?? 'invalid value';
}
