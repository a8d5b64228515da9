import { PUBLISHER_META_KEY, ServerJson } from '../server-json/server-json';
import { isFields } from './decoded-fields';
import { byCodePoint } from './go-json';

/**
 * What the official registry stores for a published server.json: the body decoded into its Go
 * structs and encoded again. Unknown keys vanish (only the publisher-provided key survives in
 * `_meta`), `omitempty` fields holding their zero value ("" / false / empty list or map) vanish,
 * fields come out in struct order and map keys (variables, publisher-provided) sorted.
 */

type Kind =
  | { of: 'string' | 'bool' | 'json' }
  | { of: 'struct'; fields: FieldSpec[]; pointer?: boolean }
  | { of: 'list' | 'map'; item: Kind };

type FieldSpec = [name: string, kind: Kind, omitEmpty: boolean];

const str: Kind = { of: 'string' };
const bool: Kind = { of: 'bool' };
const list = (item: Kind): Kind => ({ of: 'list', item });
const map = (item: Kind): Kind => ({ of: 'map', item });
const struct = (fields: FieldSpec[], pointer = false): Kind => ({ of: 'struct', fields, pointer });

const inputFields: FieldSpec[] = [
  ['description', str, true],
  ['isRequired', bool, true],
  ['format', str, true],
  ['value', str, true],
  ['isSecret', bool, true],
  ['default', str, true],
  ['placeholder', str, true],
  ['choices', list(str), true],
];
const input = struct(inputFields);
const withVariables: FieldSpec[] = [...inputFields, ['variables', map(input), true]];
const keyValueInput = struct([...withVariables, ['name', str, false]]);
const argument = struct([
  ...withVariables,
  ['type', str, false],
  ['name', str, true],
  ['valueHint', str, true],
  ['isRepeated', bool, true],
]);
const transport = struct([
  ['type', str, false],
  ['url', str, true],
  ['headers', list(keyValueInput), true],
  ['variables', map(input), true],
]);
const packageKind = struct([
  ['registryType', str, false],
  ['registryBaseUrl', str, true],
  ['identifier', str, false],
  ['version', str, true],
  ['fileSha256', str, true],
  ['runtimeHint', str, true],
  ['transport', transport, false],
  ['runtimeArguments', list(argument), true],
  ['packageArguments', list(argument), true],
  ['environmentVariables', list(keyValueInput), true],
]);
const repository = struct(
  [
    ['url', str, true],
    ['source', str, true],
    ['id', str, true],
    ['subfolder', str, true],
  ],
  true,
);
// mimeType and theme are *string in Go: only an absent (nil) value is omitted.
const icon = struct([
  ['src', str, false],
  ['mimeType', { of: 'json' }, true],
  ['sizes', list(str), true],
  ['theme', { of: 'json' }, true],
]);
const serverMeta = struct([[PUBLISHER_META_KEY, map({ of: 'json' }), true]], true);
const serverJson = struct([
  ['$schema', str, false],
  ['name', str, false],
  ['description', str, false],
  ['title', str, true],
  ['repository', repository, true],
  ['version', str, false],
  ['websiteUrl', str, true],
  ['icons', list(icon), true],
  ['packages', list(packageKind), true],
  ['remotes', list(transport), true],
  ['_meta', serverMeta, true],
]);

const ABSENT = Symbol('absent');
type Encoded = unknown | typeof ABSENT;

/** Go maps of interface{} values come back with every nested object's keys sorted. */
function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (isFields(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(byCodePoint)) out[key] = sortedJson(value[key]);
    return out;
  }
  return value;
}

function encode(kind: Kind, value: unknown, omitEmpty: boolean): Encoded {
  switch (kind.of) {
    case 'string': {
      const text = typeof value === 'string' ? value : '';
      return omitEmpty && text === '' ? ABSENT : text;
    }
    case 'bool': {
      const flag = value === true;
      return omitEmpty && !flag ? ABSENT : flag;
    }
    case 'json':
      return value === undefined || value === null ? ABSENT : sortedJson(value);
    case 'list': {
      const items = Array.isArray(value) ? value.map((item) => encode(kind.item, item, false)) : [];
      return omitEmpty && items.length === 0 ? ABSENT : items;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      if (isFields(value)) {
        for (const key of Object.keys(value).sort(byCodePoint))
          out[key] = encode(kind.item, value[key], false);
      }
      return omitEmpty && Object.keys(out).length === 0 ? ABSENT : out;
    }
    case 'struct': {
      if (kind.pointer && !isFields(value)) return omitEmpty ? ABSENT : null;
      const fields = isFields(value) ? value : {};
      const out: Record<string, unknown> = {};
      for (const [name, fieldKind, fieldOmitEmpty] of kind.fields) {
        const encoded = encode(fieldKind, fields[name], fieldOmitEmpty);
        if (encoded !== ABSENT) out[name] = encoded;
      }
      return out;
    }
  }
}

/**
 * The server.json as the official registry would store it: `_meta` reduced to the
 * publisher-provided key, and the struct round trip's other normalizations (see above).
 */
export function sanitizeServerMeta(server: ServerJson): ServerJson {
  return encode(serverJson, server, false) as ServerJson;
}
