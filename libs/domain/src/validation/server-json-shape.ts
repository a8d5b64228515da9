import {
  SERVER_NAME_MAX_LENGTH,
  SERVER_NAME_MIN_LENGTH,
  SERVER_NAME_PATTERN,
  SERVER_NAME_PATTERN_SOURCE,
} from '../naming';
import { PUBLISHER_META_KEY } from '../server-json/server-json';
import { Shape } from './request-shape';

/**
 * The official registry's request schema for a server.json: the Go structs of pkg/api/v0 and
 * pkg/model with their huma tags (required unless `omitempty`, minLength, maxLength, pattern,
 * format:"uri", enum), and no unknown keys in any struct.
 */

const text: Shape = { kind: 'string' };
const uri: Shape = { kind: 'string', uri: true };
const flag: Shape = { kind: 'boolean' };
const optional = (shape: Shape) => ({ shape });
const required = (shape: Shape) => ({ shape, required: true });

export const INPUT_FORMATS = ['string', 'number', 'boolean', 'filepath'] as const;
export const ICON_MIME_TYPES = [
  'image/png',
  'image/jpeg',
  'image/jpg',
  'image/svg+xml',
  'image/webp',
] as const;
export const ICON_THEMES = ['light', 'dark'] as const;

const inputProperties = {
  description: optional(text),
  isRequired: optional(flag),
  format: optional({ kind: 'string', enum: INPUT_FORMATS }),
  value: optional(text),
  isSecret: optional(flag),
  default: optional(text),
  placeholder: optional(text),
  choices: optional({ kind: 'array', items: text }),
};

const input: Shape = { kind: 'object', properties: inputProperties, additional: false };
const variables: Shape = { kind: 'object', properties: {}, additional: input };

const keyValueInput: Shape = {
  kind: 'object',
  properties: { ...inputProperties, variables: optional(variables), name: required(text) },
  additional: false,
};

const argument: Shape = {
  kind: 'object',
  properties: {
    ...inputProperties,
    variables: optional(variables),
    type: required(text),
    name: optional(text),
    valueHint: optional(text),
    isRepeated: optional(flag),
  },
  additional: false,
};

const transport: Shape = {
  kind: 'object',
  properties: {
    type: required(text),
    url: optional(text),
    headers: optional({ kind: 'array', items: keyValueInput }),
    variables: optional(variables),
  },
  additional: false,
};

const packageShape: Shape = {
  kind: 'object',
  properties: {
    registryType: required({ kind: 'string', minLength: 1 }),
    registryBaseUrl: optional(uri),
    identifier: required({ kind: 'string', minLength: 1 }),
    version: optional({ kind: 'string', minLength: 1, maxLength: 255 }),
    fileSha256: optional({ kind: 'string', pattern: { source: '^[a-f0-9]{64}$', re: /^[a-f0-9]{64}$/ } }),
    runtimeHint: optional(text),
    transport: required(transport),
    runtimeArguments: optional({ kind: 'array', items: argument }),
    packageArguments: optional({ kind: 'array', items: argument }),
    environmentVariables: optional({ kind: 'array', items: keyValueInput }),
  },
  additional: false,
};

const repository: Shape = {
  kind: 'object',
  properties: { url: optional(uri), source: optional(text), id: optional(text), subfolder: optional(text) },
  additional: false,
};

const icon: Shape = {
  kind: 'object',
  properties: {
    src: required({ kind: 'string', uri: true, maxLength: 255 }),
    mimeType: optional({ kind: 'string', enum: ICON_MIME_TYPES }),
    sizes: optional({
      kind: 'array',
      items: { kind: 'string', pattern: { source: String.raw`^(\d+x\d+|any)$`, re: /^(\d+x\d+|any)$/ } },
    }),
    theme: optional({ kind: 'string', enum: ICON_THEMES }),
  },
  additional: false,
};

const serverMeta: Shape = {
  kind: 'object',
  properties: {
    [PUBLISHER_META_KEY]: optional({ kind: 'object', properties: {}, additional: { kind: 'any' } }),
  },
  additional: false,
};

export const SERVER_JSON_SHAPE: Shape = {
  kind: 'object',
  properties: {
    $schema: required({ kind: 'string', minLength: 1, uri: true }),
    name: required({
      kind: 'string',
      minLength: SERVER_NAME_MIN_LENGTH,
      maxLength: SERVER_NAME_MAX_LENGTH,
      pattern: { source: SERVER_NAME_PATTERN_SOURCE, re: SERVER_NAME_PATTERN },
    }),
    description: required({ kind: 'string', minLength: 1, maxLength: 100 }),
    title: optional({ kind: 'string', minLength: 1, maxLength: 100 }),
    repository: optional(repository),
    version: required(text),
    websiteUrl: optional(uri),
    icons: optional({ kind: 'array', items: icon }),
    packages: optional({ kind: 'array', items: packageShape }),
    remotes: optional({ kind: 'array', items: transport }),
    _meta: optional(serverMeta),
  },
  additional: false,
};
