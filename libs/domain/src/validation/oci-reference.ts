/**
 * OCI image references as the official registry reads them: go-containerregistry's
 * `name.ParseReference` with default options (Docker Hub when no registry is named, `docker.io`
 * rewritten to `index.docker.io`). Only the outcome and the registry host are needed here.
 */

const REPOSITORY_CHARS = /^[a-z0-9_\-./]+$/;
const TAG_CHARS = /^[a-zA-Z0-9_\-.]+$/;
const DEFAULT_REGISTRY = 'index.docker.io';

/** An RFC 3986 authority Go's url.Parse("//" + name) reads back unchanged. */
function isRegistryAuthority(name: string): boolean {
  if (name === '') return true;
  if (!/^[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]+$/.test(name)) return false;
  const portStart = name.startsWith('[') ? name.indexOf(']') + 1 : name.lastIndexOf(':');
  if (name.startsWith('[') && portStart === 0) return false;
  const port = portStart > 0 ? name.slice(portStart) : '';
  return port === '' || /^:[0-9]*$/.test(port);
}

function inLength(text: string, min: number, max: number): boolean {
  const length = [...text].length;
  return length >= min && length <= max;
}

/** NewRepository: returns the registry host, or undefined when the name is not a repository. */
function repositoryRegistry(name: string): string | undefined {
  if (name === '') return undefined;
  let registry = '';
  let repository = name;
  const slash = name.indexOf('/');
  if (slash >= 0 && /[.:]/.test(name.slice(0, slash))) {
    registry = name.slice(0, slash);
    repository = name.slice(slash + 1);
  }
  if (!inLength(repository, 2, 255) || !REPOSITORY_CHARS.test(repository)) return undefined;
  if (!isRegistryAuthority(registry)) return undefined;
  const host = registry === '' || registry === 'docker.io' ? DEFAULT_REGISTRY : registry;
  // Docker Hub's single-component names get an implicit "library/" that must also be valid.
  if (host === DEFAULT_REGISTRY && !repository.includes('/') && !inLength(`library/${repository}`, 2, 255)) {
    return undefined;
  }
  return host;
}

/** NewTag: `repo[:tag]`, where a last `:` part holding a `/` is a registry port, not a tag. */
function tagRegistry(name: string): string | undefined {
  let base = name;
  const parts = name.split(':');
  if (parts.length > 1 && !parts[parts.length - 1]!.includes('/')) {
    const tag = parts[parts.length - 1]!;
    base = parts.slice(0, -1).join(':');
    if (tag !== '' && (!inLength(tag, 1, 127) || !TAG_CHARS.test(tag))) return undefined;
  }
  return repositoryRegistry(base);
}

/** NewDigest: `repo[:tag]@sha256:<64 hex>`. */
function digestRegistry(name: string): string | undefined {
  const parts = name.split('@');
  if (parts.length !== 2) return undefined;
  const [base, digest] = parts as [string, string];
  if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
  return tagRegistry(base) ?? repositoryRegistry(base);
}

export type OciReferenceResult = { ok: true; registry: string } | { ok: false; error: string };

export function parseOciReference(identifier: string): OciReferenceResult {
  const registry = tagRegistry(identifier) ?? digestRegistry(identifier);
  if (registry === undefined) return { ok: false, error: `could not parse reference: ${identifier}` };
  return { ok: true, registry };
}

const ALLOWED_OCI_REGISTRIES = [
  'docker.io',
  'registry-1.docker.io',
  'index.docker.io',
  'ghcr.io',
  'quay.io',
  'mcr.microsoft.com',
];

/** Public registries the official registry accepts images from (Artifact Registry and ACR by suffix). */
export function isAllowedOciRegistry(registry: string): boolean {
  return (
    ALLOWED_OCI_REGISTRIES.includes(registry) ||
    registry.endsWith('.pkg.dev') ||
    registry.endsWith('.azurecr.io')
  );
}
