import type { ClaimMethod } from '@registry/domain/namespace';
import { CLAIM_METHODS } from '@registry/domain/namespace';
import { FieldError } from './status-request';

const MAX_TOKEN_LENGTH = 1_024;

export interface ClaimRequest {
  namespace: string;
  method: ClaimMethod;
  githubToken?: string;
}

type Fields = Record<string, unknown>;

function objectOf(body: unknown): Fields | FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [{ message: 'expected an object', location: 'body', value: body }];
  return body as Fields;
}

function unexpected(fields: Fields, allowed: string[]): FieldError[] {
  return Object.keys(fields)
    .filter((k) => !allowed.includes(k))
    .map((k) => ({ message: `unexpected property ${k}`, location: `body.${k}`, value: fields[k] }));
}

function githubTokenOf(value: unknown, errors: FieldError[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TOKEN_LENGTH) {
    errors.push({ message: 'expected a GitHub token', location: 'body.githubToken', value: '(hidden)' });
    return undefined;
  }
  return value.trim();
}

/** `POST .../namespaces`: `{namespace, method, githubToken?}`. */
export function parseClaim(body: unknown): ClaimRequest | FieldError[] {
  const fields = objectOf(body);
  if (Array.isArray(fields)) return fields;
  const errors = unexpected(fields, ['namespace', 'method', 'githubToken']);
  if (typeof fields.namespace !== 'string' || fields.namespace === '')
    errors.push({
      message: 'expected a namespace such as com.example',
      location: 'body.namespace',
      value: fields.namespace,
    });
  if (!CLAIM_METHODS.includes(fields.method as ClaimMethod))
    errors.push({
      message: `expected value to be one of "${CLAIM_METHODS.join(', ')}"`,
      location: 'body.method',
      value: fields.method,
    });
  const githubToken = githubTokenOf(fields.githubToken, errors);
  if (errors.length > 0) return errors;
  return {
    namespace: fields.namespace as string,
    method: fields.method as ClaimMethod,
    ...(githubToken !== undefined ? { githubToken } : {}),
  };
}

/** `POST .../namespaces/{id}/verify`: an empty body, or `{githubToken}` to replace the token. */
export function parseVerify(body: unknown): { githubToken?: string } | FieldError[] {
  if (body === undefined || body === null || body === '') return {};
  const fields = objectOf(body);
  if (Array.isArray(fields)) return fields;
  const errors = unexpected(fields, ['githubToken']);
  const githubToken = githubTokenOf(fields.githubToken, errors);
  if (errors.length > 0) return errors;
  return githubToken !== undefined ? { githubToken } : {};
}

/** `POST .../namespaces/{id}/keys`: `{name?}` (default "publisher key"). */
export function parseCreateKey(body: unknown): { name: string } | FieldError[] {
  if (body === undefined || body === null || body === '') return { name: 'publisher key' };
  const fields = objectOf(body);
  if (Array.isArray(fields)) return fields;
  const errors = unexpected(fields, ['name']);
  if (fields.name !== undefined && typeof fields.name !== 'string')
    errors.push({ message: 'expected a string', location: 'body.name', value: fields.name });
  if (errors.length > 0) return errors;
  return { name: typeof fields.name === 'string' ? fields.name : 'publisher key' };
}

/** `POST .../auth/api-key`: `{key}`. */
export function parseKeyExchange(body: unknown): { key: string } | FieldError[] {
  const fields = objectOf(body);
  if (Array.isArray(fields)) return fields;
  const errors = unexpected(fields, ['key']);
  if (typeof fields.key !== 'string' || fields.key === '' || fields.key.length > MAX_TOKEN_LENGTH)
    errors.push({ message: 'expected a publisher key (mcpr_...)', location: 'body.key', value: '(hidden)' });
  if (errors.length > 0) return errors;
  return { key: fields.key as string };
}
