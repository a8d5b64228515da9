/**
 * An OCI image reference parsed as the official registry parses it (go-containerregistry's
 * name.ParseReference, default options): `docker.io` becomes `index.docker.io`, a Docker Hub
 * image without a namespace gets `library/`, and a reference without tag or digest means `:latest`.
 */
export interface OciReference {
  /** As the official registry names it in messages ('index.docker.io', 'ghcr.io', ...). */
  registry: string;
  /** Repository path on the registry, e.g. 'library/alpine', 'owner/image'. */
  repository: string;
  /** What the manifest is requested by: the digest if there is one, else the tag. */
  reference: string;
  digest?: string;
}

export const DOCKER_HUB = 'index.docker.io';
const DOCKER_HUB_ALIAS = 'docker.io';
const REPOSITORY_CHARS = /^[a-z0-9_\-./]*$/;
const TAG_CHARS = /^[A-Za-z0-9_\-.]*$/;
const SHA256_HEX = /^[a-f0-9]{64}$/;

function validElement(value: string, chars: RegExp, min: number, max: number): boolean {
  return value.length >= min && value.length <= max && chars.test(value);
}

/** Go's checkRegistry: the name must survive url.Parse("//" + name) as the whole authority. */
function validRegistry(name: string): boolean {
  if (name === '') return true;
  return /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=]+)(:[0-9]*)?$/.test(name);
}

function parseRepository(name: string): { registry: string; repository: string } | undefined {
  if (name === '') return undefined;
  let registry = '';
  let repository = name;
  const slash = name.indexOf('/');
  // The first element is a registry only if it looks like a host: it contains "." or ":".
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first.includes('.') || first.includes(':')) {
      registry = first;
      repository = name.slice(slash + 1);
    }
  }
  if (!validElement(repository, REPOSITORY_CHARS, 2, 255)) return undefined;
  if (!validRegistry(registry)) return undefined;
  if (registry === '' || registry === DOCKER_HUB_ALIAS) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository };
}

function parseTagged(value: string): OciReference | undefined {
  const parts = value.split(':');
  let base = value;
  let tag = '';
  // A last ":" followed by a "/" is a registry port, not a tag.
  if (parts.length > 1 && !parts[parts.length - 1].includes('/')) {
    base = parts.slice(0, -1).join(':');
    tag = parts[parts.length - 1];
    if (tag === '') return undefined;
  }
  if (tag !== '' && !validElement(tag, TAG_CHARS, 1, 128)) return undefined;
  const repo = parseRepository(base);
  if (repo === undefined) return undefined;
  return { ...repo, reference: tag === '' ? 'latest' : tag };
}

function parseDigested(value: string): OciReference | undefined {
  const parts = value.split('@');
  if (parts.length !== 2) return undefined;
  const [base, digest] = parts;
  if (!digest.startsWith('sha256:') || !SHA256_HEX.test(digest.slice('sha256:'.length))) return undefined;
  // A tag next to the digest is allowed and ignored.
  const tagged = parseTagged(base);
  const repo = tagged ?? parseRepository(base);
  if (repo === undefined) return undefined;
  return { registry: repo.registry, repository: repo.repository, reference: digest, digest };
}

/** Undefined when the official registry would answer `invalid OCI reference: could not parse reference: <ref>`. */
export function parseOciReference(value: string): OciReference | undefined {
  return parseTagged(value) ?? parseDigested(value);
}
