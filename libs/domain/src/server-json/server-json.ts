/**
 * The server.json document as publishers send it (schema 2025-12-11 and older).
 *
 * Every field is typed as the schema describes it, but input arrives as untrusted JSON: validators
 * must not assume a field has the declared type until they have checked it.
 */
export interface Input {
  description?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  format?: 'string' | 'number' | 'boolean' | 'filepath' | string;
  value?: string;
  default?: string;
  placeholder?: string;
  choices?: string[];
}

export interface InputWithVariables extends Input {
  variables?: Record<string, Input>;
}

export interface KeyValueInput extends InputWithVariables {
  name: string;
}

export interface Argument extends InputWithVariables {
  type: 'positional' | 'named' | string;
  name?: string;
  valueHint?: string;
  isRepeated?: boolean;
}

export interface Transport {
  type: 'stdio' | 'streamable-http' | 'sse' | string;
  url?: string;
  headers?: KeyValueInput[];
  variables?: Record<string, Input>;
}

export interface Package {
  registryType: 'npm' | 'pypi' | 'nuget' | 'oci' | 'mcpb' | 'cargo' | string;
  registryBaseUrl?: string;
  identifier: string;
  version?: string;
  fileSha256?: string;
  runtimeHint?: string;
  transport: Transport;
  runtimeArguments?: Argument[];
  packageArguments?: Argument[];
  environmentVariables?: KeyValueInput[];
}

export interface Repository {
  url: string;
  source: string;
  id?: string;
  subfolder?: string;
}

export interface Icon {
  src: string;
  mimeType?: string;
  sizes?: string[];
  theme?: 'light' | 'dark' | string;
}

export const PUBLISHER_META_KEY = 'io.modelcontextprotocol.registry/publisher-provided';
export const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';

export interface ServerJson {
  $schema?: string;
  name: string;
  description: string;
  title?: string;
  version: string;
  repository?: Repository;
  websiteUrl?: string;
  icons?: Icon[];
  packages?: Package[];
  remotes?: Transport[];
  _meta?: Record<string, unknown>;
}

export type ServerStatus = 'active' | 'deprecated' | 'deleted';
export const SERVER_STATUSES: readonly ServerStatus[] = ['active', 'deprecated', 'deleted'];

/** The registry's own metadata on each version, as the official registry serves it. */
export interface OfficialMeta {
  status: ServerStatus;
  statusChangedAt: string;
  statusMessage?: string;
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
}
