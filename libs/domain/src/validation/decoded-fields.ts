/**
 * The semantic rules run, officially, on the Go struct the body was decoded into: a field of the
 * wrong JSON type never reaches them (the request-shape check refuses it first), and an absent
 * field reads as its zero value. These readers give the rules that same view of untrusted input.
 */

export type Fields = Record<string, unknown>;

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function textOf(fields: Fields, key: string): string {
  const value = fields[key];
  return typeof value === 'string' ? value : '';
}

export function listOf(fields: Fields, key: string): Fields[] {
  const value = fields[key];
  return Array.isArray(value) ? value.map((item) => (isFields(item) ? item : {})) : [];
}

export function fieldsOf(fields: Fields, key: string): Fields | undefined {
  const value = fields[key];
  return isFields(value) ? value : undefined;
}

/** ctx.Field / ctx.Index of the official ValidationContext: `packages[0].transport.url`. */
export function pathOf(parent: string, field: string | number): string {
  if (typeof field === 'number') return `${parent}[${field}]`;
  return parent === '' ? field : `${parent}.${field}`;
}
