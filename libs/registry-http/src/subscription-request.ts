import { DELIVERY_STATES_FOR_QUERY } from './subscription-view';
import { SubscriptionFilter, SubscriptionPatch, validateFilter } from '@registry/domain/subscription';
import type { DeliveryState } from '@registry/application';
import { FieldError } from './status-request';

const MAX_URL_LENGTH = 2_048;
const MAX_DESCRIPTION_LENGTH = 500;

export interface CreateSubscriptionRequest {
  url: string;
  description?: string;
  filter: SubscriptionFilter;
}

/** Validates a creation body; returns the request, or the 422 entries to report. */
export function parseCreateSubscription(body: unknown): CreateSubscriptionRequest | FieldError[] {
  const fields = objectOf(body);
  if (Array.isArray(fields)) return fields;
  const errors: FieldError[] = unexpected(fields, ['url', 'description', 'filter']);
  if (fields.url === undefined)
    errors.push({ message: 'expected required property url to be present', location: 'body', value: body });
  const url = fields.url === undefined ? undefined : urlOf(fields.url, errors);
  const description = descriptionOf(fields.description, errors);
  const filter = filterOf(fields.filter, errors) ?? {};
  if (errors.length > 0 || url === undefined) return errors;
  return { url, ...(typeof description === 'string' ? { description } : {}), filter };
}

/** Validates a PATCH body (every field optional; `description: null` clears it). */
export function parsePatchSubscription(body: unknown): SubscriptionPatch | FieldError[] {
  const fields = objectOf(body);
  if (Array.isArray(fields)) return fields;
  const errors: FieldError[] = unexpected(fields, ['url', 'description', 'filter', 'status']);
  const patch: SubscriptionPatch = {};
  if (fields.url !== undefined) {
    const url = urlOf(fields.url, errors);
    if (url !== undefined) patch.url = url;
  }
  const description = descriptionOf(fields.description, errors);
  if (description !== undefined) patch.description = description;
  if (fields.filter !== undefined) {
    const filter = filterOf(fields.filter, errors);
    if (filter !== undefined) patch.filter = filter;
  }
  if (fields.status !== undefined) {
    if (fields.status === 'active' || fields.status === 'paused') patch.status = fields.status;
    else
      errors.push({
        message: 'expected value to be one of "active, paused"',
        location: 'body.status',
        value: fields.status,
      });
  }
  return errors.length > 0 ? errors : patch;
}

/** `{fromSequence, toSequence?}`: positive whole numbers. */
export function parseRedeliver(body: unknown): { fromSequence: number; toSequence?: number } | FieldError[] {
  const fields = objectOf(body);
  if (Array.isArray(fields)) return fields;
  const errors: FieldError[] = unexpected(fields, ['fromSequence', 'toSequence']);
  const sequence = (name: string, required: boolean): number | undefined => {
    const value = fields[name];
    if (value === undefined) {
      if (required)
        errors.push({
          message: `expected required property ${name} to be present`,
          location: 'body',
          value: body,
        });
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      errors.push({ message: 'expected a whole number >= 1', location: `body.${name}`, value });
      return undefined;
    }
    return value;
  };
  const fromSequence = sequence('fromSequence', true);
  const toSequence = sequence('toSequence', false);
  if (errors.length > 0 || fromSequence === undefined) return errors;
  return { fromSequence, ...(toSequence !== undefined ? { toSequence } : {}) };
}

/** The `outcome` filter of the deliveries list: one of the delivery states. */
export function parseOutcome(value: unknown): DeliveryState | undefined | FieldError[] {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && (DELIVERY_STATES_FOR_QUERY as readonly string[]).includes(value)) {
    return value as DeliveryState;
  }
  return [
    {
      message: `expected value to be one of "${DELIVERY_STATES_FOR_QUERY.join(', ')}"`,
      location: 'query.outcome',
      value,
    },
  ];
}

function objectOf(body: unknown): Record<string, unknown> | FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ message: 'expected object', location: 'body', value: body }];
  }
  return body as Record<string, unknown>;
}

function unexpected(fields: Record<string, unknown>, known: string[]): FieldError[] {
  return Object.keys(fields)
    .filter((key) => !known.includes(key))
    .map((key) => ({ message: 'unexpected property', location: `body.${key}`, value: fields[key] }));
}

function urlOf(value: unknown, errors: FieldError[]): string | undefined {
  if (typeof value !== 'string') {
    errors.push({ message: 'expected string', location: 'body.url', value });
    return undefined;
  }
  if (value.length > MAX_URL_LENGTH) {
    errors.push({ message: `expected length <= ${MAX_URL_LENGTH}`, location: 'body.url', value });
    return undefined;
  }
  try {
    return new URL(value).toString();
  } catch {
    errors.push({ message: 'expected an absolute URL', location: 'body.url', value });
    return undefined;
  }
}

function descriptionOf(value: unknown, errors: FieldError[]): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || value.length > MAX_DESCRIPTION_LENGTH) {
    errors.push({
      message: `expected a string of length <= ${MAX_DESCRIPTION_LENGTH}`,
      location: 'body.description',
      value,
    });
    return undefined;
  }
  return value;
}

function filterOf(value: unknown, errors: FieldError[]): SubscriptionFilter | undefined {
  if (value === undefined) return undefined;
  const { filter, issues } = validateFilter(value, 'body.filter');
  errors.push(...issues);
  return issues.length > 0 ? undefined : filter;
}
